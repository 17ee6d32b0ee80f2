package io.nicplan.architecture;

import java.util.List;
import java.util.Optional;

/**
 * The Maven modules as docs/ARCHITECTURE.md draws them: each owns one root package, and may use
 * the modules listed after it (and nothing else of nicplan's). The order of the constants is the
 * build order, lowest first.
 */
enum Module {
    NET_TYPES("io.nicplan.net"),
    GRAPH_MODEL("io.nicplan.graph", NET_TYPES),
    UNICORN_LANG("io.nicplan.unicorn", GRAPH_MODEL, NET_TYPES),
    NIC_DESCRIPTIONS("io.nicplan.descriptions", UNICORN_LANG, GRAPH_MODEL, NET_TYPES),
    EMBEDDER("io.nicplan.embed", NIC_DESCRIPTIONS, UNICORN_LANG, GRAPH_MODEL, NET_TYPES),
    OPTIMIZER("io.nicplan.optimizer", EMBEDDER, NIC_DESCRIPTIONS, UNICORN_LANG, GRAPH_MODEL, NET_TYPES),
    FLEXNIC_BACKEND("io.nicplan.flexnic", EMBEDDER, NIC_DESCRIPTIONS, UNICORN_LANG, GRAPH_MODEL, NET_TYPES),
    APPLICATION("io.nicplan.app", OPTIMIZER, FLEXNIC_BACKEND, EMBEDDER, NIC_DESCRIPTIONS, UNICORN_LANG,
            GRAPH_MODEL, NET_TYPES),
    // The two doors see the libraries' value types (plans, states, graphs) but act only through the
    // application layer; Boundaries.DOORS_ACT_THROUGH_THE_APPLICATION says what they may not touch.
    REST_API("io.nicplan.service", APPLICATION, OPTIMIZER, FLEXNIC_BACKEND, EMBEDDER, NIC_DESCRIPTIONS, UNICORN_LANG,
            GRAPH_MODEL, NET_TYPES),
    CLI("io.nicplan.cli", APPLICATION, OPTIMIZER, FLEXNIC_BACKEND, EMBEDDER, NIC_DESCRIPTIONS, UNICORN_LANG, GRAPH_MODEL, NET_TYPES),
    BENCHMARKS("io.nicplan.bench", APPLICATION, OPTIMIZER, FLEXNIC_BACKEND, EMBEDDER, NIC_DESCRIPTIONS,
            UNICORN_LANG, GRAPH_MODEL, NET_TYPES);

    private final String rootPackage;
    // Not an EnumSet: the enum's class is not initialised yet while its constants are built.
    private final List<Module> mayUse;

    Module(String rootPackage, Module... mayUse) {
        this.rootPackage = rootPackage;
        this.mayUse = List.of(mayUse);
    }

    String rootPackage() {
        return rootPackage;
    }

    boolean mayUse(Module other) {
        return other == this || mayUse.contains(other);
    }

    /** The module owning a package, or empty for packages outside nicplan's modules (libraries, tests). */
    static Optional<Module> owning(String packageName) {
        for (Module module : values()) {
            if (packageName.equals(module.rootPackage) || packageName.startsWith(module.rootPackage + ".")) {
                return Optional.of(module);
            }
        }
        return Optional.empty();
    }
}
