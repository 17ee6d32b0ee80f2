package io.nicplan.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Set;

/**
 * The rules docs/ARCHITECTURE.md states, as ArchUnit rules. Each is a constant so that
 * {@link ArchitectureTest} checks it on the production classes and {@link BoundariesCatchTest}
 * shows it failing on a fixture that breaks it.
 */
final class Boundaries {

    /** Dependencies between modules point one way: each module uses only those {@link Module} allows. */
    static final ArchRule MODULES_POINT_ONE_WAY = classes()
            .that().resideInAPackage("io.nicplan..")
            .should(useOnlyAllowedModules())
            .because("modules depend on each other one way only (docs/ARCHITECTURE.md, Modules)");

    /** Spring is the service's framework: nothing below it, and not the command line, may need it. */
    static final ArchRule SPRING_ONLY_IN_THE_SERVICE = noClasses()
            .that().resideInAPackage("io.nicplan..").and().resideOutsideOfPackage("io.nicplan.service..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("the libraries and the CLI run without Spring");

    static final ArchRule PICOCLI_ONLY_IN_THE_CLI = noClasses()
            .that().resideInAPackage("io.nicplan..").and().resideOutsideOfPackage("io.nicplan.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("picocli is the command line's framework");

    static final ArchRule OPTAPLANNER_ONLY_IN_THE_OPTIMIZER = noClasses()
            .that().resideInAPackage("io.nicplan..").and().resideOutsideOfPackage("io.nicplan.optimizer..")
            .should().dependOnClassesThat().resideInAPackage("org.optaplanner..")
            .because("the search engine is an optimizer detail; the rest sees plans");

    static final ArchRule ANTLR_ONLY_IN_UNICORN = noClasses()
            .that().resideInAPackage("io.nicplan..").and().resideOutsideOfPackage("io.nicplan.unicorn..")
            .should().dependOnClassesThat().resideInAPackage("org.antlr..")
            .because("parse trees do not leave the Unicorn front end");

    /** No package of nicplan depends on itself through others (jdeps shows the same). */
    static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching("io.nicplan.(**)")
            .should().beFreeOfCycles();

    /**
     * The FlexNIC compiler compiles the embedder's steering form: of the embedder it sees only
     * {@code embed.steering}, the {@code Embedder} facade and the {@code Configuration} it passes on.
     */
    static final ArchRule COMPILER_READS_ONLY_THE_STEERING_FORM = noClasses()
            .that().haveSimpleNameStartingWith("NicCompiler").or().haveSimpleNameStartingWith("FlexTcpPlan")
            .should().dependOnClassesThat(DescribedPredicate.describe("embedder internals",
                    (JavaClass c) -> c.getPackageName().startsWith("io.nicplan.embed.")
                            && !c.getPackageName().equals("io.nicplan.embed.steering")
                            && !c.getName().equals("io.nicplan.embed.config.Configuration")))
            .because("backends compile the lowered steering form, not the embedder's graphs (docs/steering.md)");

    /**
     * The emulated NIC's per-packet path (parser, tables, queues, runtime) knows packets, programs
     * and the shared network types only; the embedder's model reaches it through the backend's
     * compiler, which reads the lowered steering form.
     */
    static final ArchRule PIPELINE_KNOWS_NO_EMBEDDER = noClasses()
            .that().resideInAPackage("io.nicplan.flexnic..")
            .and().resideOutsideOfPackage("io.nicplan.flexnic.backend..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.nicplan.embed..", "io.nicplan.optimizer..", "io.nicplan.descriptions..",
                    "io.nicplan.unicorn..")
            .because("the emulator is a NIC, not a copy of the model (docs/ARCHITECTURE.md)");

    /**
     * The CLI and the service plan, apply and emulate only through the application layer, so both
     * doors run the same search with the same checks. They may show the libraries' value types
     * (plans, emulator counters) but not call the search, the compiler or the emulator's control path.
     */
    static final ArchRule DOORS_ACT_THROUGH_THE_APPLICATION = noClasses()
            .that().resideInAnyPackage("io.nicplan.service..", "io.nicplan.cli..")
            .should().dependOnClassesThat(searchOrEmulatorControl())
            .because("one application layer serves both doors (docs/ARCHITECTURE.md)");

    private Boundaries() {}

    /** What plans, compiles, installs or replays: reached from the doors only through io.nicplan.app. */
    private static DescribedPredicate<JavaClass> searchOrEmulatorControl() {
        Set<String> actingClasses = Set.of(
                "io.nicplan.optimizer.Planner", "io.nicplan.optimizer.Replanner",
                "io.nicplan.flexnic.backend.Backend", "io.nicplan.flexnic.backend.NicCompiler",
                "io.nicplan.flexnic.backend.Installer", "io.nicplan.flexnic.backend.FlowReplay",
                "io.nicplan.flexnic.backend.PlanFile", "io.nicplan.flexnic.backend.Predictions");
        List<String> actingPackages = List.of("io.nicplan.optimizer.solver", "io.nicplan.optimizer.baseline",
                "io.nicplan.flexnic.runtime", "io.nicplan.flexnic.pipeline");
        return DescribedPredicate.describe("plan, compile, install or replay (the search, the backend's "
                        + "compiler and installer, the emulator's control path)",
                target -> actingClasses.contains(target.getName())
                        || actingPackages.stream().anyMatch(p -> target.getPackageName().equals(p)
                                || target.getPackageName().startsWith(p + ".")));
    }

    private static ArchCondition<JavaClass> useOnlyAllowedModules() {
        return new ArchCondition<>("use only the modules their module may use") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Module from = Module.owning(origin.getPackageName()).orElse(null);
                if (from == null) {
                    return;
                }
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    Module to = Module.owning(dependency.getTargetClass().getPackageName()).orElse(null);
                    if (to != null && !from.mayUse(to)) {
                        events.add(SimpleConditionEvent.violated(dependency,
                                from + " may not use " + to + ": " + dependency.getDescription()));
                    }
                }
            }
        };
    }
}
