package io.nicplan.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every rule of {@link Boundaries} holds for the main classes of every module. */
class ArchitectureTest {

    private static JavaClasses production;

    /**
     * Reads every module's compiled main classes from its target/classes directory rather than from
     * the class path: the cli's jar is repackaged by Spring Boot (classes under BOOT-INF/), and test
     * classes, fixtures included, must stay out.
     */
    @BeforeAll
    static void importProductionClasses() throws IOException {
        List<Path> classDirectories;
        try (Stream<Path> modules = Files.list(Path.of("..").toAbsolutePath().normalize())) {
            classDirectories = modules.map(module -> module.resolve("target/classes"))
                    .filter(Files::isDirectory)
                    .toList();
        }
        production = new ClassFileImporter()
                .withImportOption(location -> location.contains("/io/nicplan/"))
                .importPaths(classDirectories);
    }

    @Test
    void importsEveryModule() {
        // A rule checked on nothing passes; make sure each module's classes are really here.
        for (Module module : Module.values()) {
            assertThat(production.stream().anyMatch(c -> Module.owning(c.getPackageName()).orElse(null) == module))
                    .as("classes of %s on the class path", module)
                    .isTrue();
        }
    }

    @Test
    void modulesPointOneWay() {
        Boundaries.MODULES_POINT_ONE_WAY.check(production);
    }

    @Test
    void springOnlyInTheService() {
        Boundaries.SPRING_ONLY_IN_THE_SERVICE.check(production);
    }

    @Test
    void picocliOnlyInTheCli() {
        Boundaries.PICOCLI_ONLY_IN_THE_CLI.check(production);
    }

    @Test
    void optaPlannerOnlyInTheOptimizer() {
        Boundaries.OPTAPLANNER_ONLY_IN_THE_OPTIMIZER.check(production);
    }

    @Test
    void antlrOnlyInUnicorn() {
        Boundaries.ANTLR_ONLY_IN_UNICORN.check(production);
    }

    @Test
    void noPackageCycles() {
        Boundaries.NO_PACKAGE_CYCLES.check(production);
    }

    @Test
    void compilerReadsOnlyTheSteeringForm() {
        Boundaries.COMPILER_READS_ONLY_THE_STEERING_FORM.check(production);
    }

    @Test
    void pipelineKnowsNoEmbedder() {
        Boundaries.PIPELINE_KNOWS_NO_EMBEDDER.check(production);
    }

    @Test
    void doorsActThroughTheApplication() {
        Boundaries.DOORS_ACT_THROUGH_THE_APPLICATION.check(production);
    }

    @Test
    void everyRuleIsChecked() {
        long rules = Arrays.stream(Boundaries.class.getDeclaredFields())
                .filter(f -> f.getType() == ArchRule.class)
                .count();
        long tests = Arrays.stream(ArchitectureTest.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class))
                .count() - 2; // importsEveryModule and this one
        assertThat(tests).as("one test per rule of Boundaries").isEqualTo(rules);
    }
}
