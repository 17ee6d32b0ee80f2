package io.nicplan.embed.testing;

import io.nicplan.descriptions.Descriptions;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.unicorn.ParseOptions;
import io.nicplan.unicorn.Source;
import io.nicplan.unicorn.SourceResolver;
import io.nicplan.unicorn.Unicorn;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The shipped descriptions, parsed once per test run. */
public final class Nics {
    private static final Map<String, DataflowGraph> CACHE = new ConcurrentHashMap<>();

    private Nics() {
    }

    public static DataflowGraph builtin(String name) {
        return CACHE.computeIfAbsent(name, Nics::parse);
    }

    public static DataflowGraph intel82599() {
        return builtin("intel-82599");
    }

    public static DataflowGraph singleQueue() {
        return builtin("single-queue");
    }

    public static DataflowGraph flexnic() {
        return builtin("flexnic");
    }

    public static DataflowGraph lpg() {
        return builtin(Descriptions.LPG);
    }

    private static DataflowGraph parse(String name) {
        SourceResolver builtins = (path, from) -> {
            if (!path.startsWith(Descriptions.BUILTIN_PREFIX)) {
                return Optional.empty();
            }
            return Descriptions.source(path).map(text -> new Source(Descriptions.displayName(path), text));
        };
        String text = Descriptions.source(name).orElseThrow();
        return Unicorn.parse(Descriptions.displayName(name), text, ParseOptions.defaults().withResolver(builtins)).orElseThrow();
    }
}
