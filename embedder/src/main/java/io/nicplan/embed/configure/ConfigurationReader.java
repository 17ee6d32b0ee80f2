package io.nicplan.embed.configure;

import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.config.ConfigurationJson;
import io.nicplan.embed.expand.ConfigFunction;
import io.nicplan.embed.expand.ConfigFunctions;
import io.nicplan.embed.feature.NicFeatures;
import io.nicplan.embed.json.Problems;
import io.nicplan.graph.DataflowGraph;
import java.util.Optional;

/** Reads a configuration document for a PRG and checks it completely (shape, types, rules, capacities). */
public final class ConfigurationReader {
    private ConfigurationReader() {
    }

    /**
     * The configuration in {@code json}, checked against {@code prg}.
     *
     * @throws io.nicplan.embed.input.InvalidInputException listing every problem with its JSON pointer
     */
    public static Configuration read(String json, DataflowGraph prg, ConfigFunctions functions) {
        Problems problems = new Problems();
        Optional<Configuration> c = ConfigurationJson.parse(json, prg,
                function -> functions.get(function).map(ConfigFunction::valueHint).orElse(""), problems);
        c.ifPresent(config -> ConfigurationValidator.validate(prg, config, functions, problems));
        problems.throwIfAny("configuration");
        return c.orElseThrow();
    }

    public static Configuration read(String json, DataflowGraph prg) {
        return read(json, prg, NicFeatures.standard().functions());
    }
}
