package io.nicplan.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The test of the test: each rule fails on a fixture class (under this module's test sources, in
 * an {@code archfixture} package of the module it pretends to belong to) that breaks it, and names
 * the offender. Without this a rule that matches nothing would pass forever.
 */
class BoundariesCatchTest {

    @Test
    void graphModelReachingUpToTheEmbedderBreaksTheModuleDirection() {
        assertCaught(Boundaries.MODULES_POINT_ONE_WAY, "io.nicplan.graph.archfixture", "GraphThatKnowsTheEmbedder");
    }

    @Test
    void springInTheEmbedderIsCaught() {
        assertCaught(Boundaries.SPRING_ONLY_IN_THE_SERVICE, "io.nicplan.embed.archfixture", "EmbedderThatUsesSpring");
    }

    @Test
    void theEmulatorPipelineImportingTheEmbedderIsCaught() {
        assertCaught(Boundaries.PIPELINE_KNOWS_NO_EMBEDDER, "io.nicplan.flexnic.pipeline.archfixture",
                "PipelineThatReadsTheEmbedder");
    }

    @Test
    void aCompilerReadingTheEmbeddersFilterChainsIsCaught() {
        assertCaught(Boundaries.COMPILER_READS_ONLY_THE_STEERING_FORM, "io.nicplan.flexnic.backend.archfixture",
                "NicCompilerThatReadsFilterChains");
    }

    @Test
    void aPackageCycleIsCaught() {
        assertCaught(Boundaries.NO_PACKAGE_CYCLES, "io.nicplan.archfixture.cycle", "Left");
    }

    @Test
    void aControllerApplyingToTheEmulatorItselfIsCaught() {
        assertCaught(Boundaries.DOORS_ACT_THROUGH_THE_APPLICATION, "io.nicplan.service.archfixture",
                "ControllerThatAppliesByItself");
    }

    @Test
    void theProductionImportLeavesTheFixturesOut() {
        // ArchitectureTest imports without test classes; if the fixtures leaked in, it would fail.
        JavaClasses all = new ClassFileImporter().importPackages("io.nicplan.graph.archfixture");
        assertThat(all).isNotEmpty();
    }

    private static void assertCaught(ArchRule rule, String fixturePackage, String offender) {
        JavaClasses fixtures = new ClassFileImporter().importPackages(fixturePackage);
        assertThat(fixtures).as("fixtures in %s", fixturePackage).isNotEmpty();
        EvaluationResult result = rule.evaluate(fixtures);
        assertThat(result.hasViolation()).as("%s breaks: %s", offender, rule.getDescription()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(detail -> detail.contains(offender));
    }
}
