package io.nicplan.app.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.app.InputException;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.steering.SteeringProgram;
import io.nicplan.embed.steering.UnsupportedSteeringException;
import io.nicplan.graph.DataflowGraph;
import java.util.List;

/**
 * The export use case both doors call: a plan's configuration lowered to the steering form and written as
 * ethtool, tc or testpmd commands for the NIC's Linux driver ({@link SteeringExport}, docs/export.md).
 *
 * <pre>{@code
 * ExportResult r = Exports.export(Nics.shippedGraph("intel-82599"), planJson, ExportFormat.ETHTOOL,
 *         new ExportOptions("eth1", 0, false));
 * }</pre>
 */
public final class Exports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Exports() {
    }

    /**
     * Exports the {@code configuration} of a plan (docs/formats.md "Plan").
     *
     * @throws InputException when the plan is not JSON or its configuration does not fit {@code prg}
     * @throws UnexpressiblePlanException when the NIC has no Linux driver, or the format or driver cannot carry out
     *     a part of the plan (each named)
     */
    public static ExportResult export(DataflowGraph prg, String planJson, ExportFormat format, ExportOptions options) {
        return export(prg, configuration(prg, planJson), format, options);
    }

    /** Exports a configuration of {@code prg}'s C-nodes; see {@link #export(DataflowGraph, String, ExportFormat, ExportOptions)}. */
    public static ExportResult export(DataflowGraph prg, Configuration configuration, ExportFormat format, ExportOptions options) {
        LinuxDriver driver = driver(prg);
        SteeringProgram program;
        try {
            program = Embedder.standard().lower(prg, configuration);
        } catch (UnsupportedSteeringException e) {
            throw new UnexpressiblePlanException(format.symbol(), prg.name(), List.of(e.getMessage()));
        }
        return SteeringExport.export(program, SteeringExport.functions(prg), SteeringExport.transmitOffloads(prg, configuration),
                driver, format, options);
    }

    /**
     * The commands that take the NIC from {@code current} (what an earlier export in the same format installed) to
     * {@code next}: only the rules and settings that differ, in a safe order per format (docs/export.md "Diff"). Both
     * must export exactly, or with {@link ExportOptions#bestEffort()}, as a whole export would.
     *
     * @throws UnexpressiblePlanException as {@link #export(DataflowGraph, Configuration, ExportFormat, ExportOptions)},
     *     or when the driver places ethtool rules itself, or a tc prio changes protocol
     */
    public static ExportResult diff(DataflowGraph prg, Configuration current, Configuration next, ExportFormat format,
                                    ExportOptions options) {
        ExportResult before = export(prg, current, format, options);
        ExportResult after = export(prg, next, format, options);
        LinuxDriver driver = driver(prg);
        String text;
        if (format == ExportFormat.ETHTOOL) {
            text = EthtoolDiff.diff(before.text(), after.text(), driver, options.device());
        } else if (format == ExportFormat.TC) {
            text = TcDiff.diff(before.text(), after.text(), driver, options.device());
        } else {
            text = TestpmdDiff.diff(before.text(), after.text(), driver, options.port());
        }
        return new ExportResult(format, text, after.changes());
    }

    /** The Linux driver of a shipped NIC; the others have none to export to. */
    static LinuxDriver driver(DataflowGraph prg) {
        return LinuxDriver.forNic(prg).orElseThrow(() -> new UnexpressiblePlanException("export", prg.name(),
                List.of(prg.name() + " has no Linux driver nicplan knows (those with one: "
                        + String.join(", ", LinuxDriver.shipped().stream().map(d -> d.nic() + " (" + d.driver() + ")").toList())
                        + ")")));
    }

    /** The plan's {@code configuration}, checked against {@code prg}. */
    public static Configuration configuration(DataflowGraph prg, String planJson) {
        JsonNode root;
        try {
            root = JSON.readTree(planJson);
        } catch (JsonProcessingException e) {
            throw new InputException("plan", "", "the plan is not JSON: " + e.getOriginalMessage());
        }
        JsonNode config = root == null ? null : root.get("configuration");
        if (config == null || !config.isObject()) {
            throw new InputException("plan", "/configuration", "a plan needs /configuration, an object of C-node values");
        }
        try {
            return Embeddings.readConfiguration(prg, config.toString());
        } catch (InputException e) {
            throw e.within("/configuration");
        }
    }
}
