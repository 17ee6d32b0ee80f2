package io.nicplan.descriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DescriptionsTest {

    @Test
    void listsEveryShippedGraphWithTheLpgLast() {
        assertThat(Descriptions.names()).containsExactly(
                "intel-82599", "intel-x710", "solarflare-sfc9020", "single-queue", "virtio-net", "flexnic", "lpg");
        assertThat(Descriptions.nicNames()).doesNotContain(Descriptions.LPG).hasSize(6);
        assertThat(Descriptions.builtins()).allSatisfy(b -> assertThat(b.summary()).isNotBlank());
    }

    @Test
    void everyShippedGraphHasItsSourceText() {
        for (String name : Descriptions.names()) {
            assertThat(Descriptions.source(name)).as(name).hasValueSatisfying(text -> assertThat(text).containsPattern("(?m)^graph [A-Za-z0-9]+ \\{"));
        }
    }

    @Test
    void libraryFilesAreReachableByTheirBuiltinName() {
        assertThat(Descriptions.source("common/rx-queues")).hasValueSatisfying(text -> assertThat(text).doesNotContainPattern("(?m)^\\s*graph\\s"));
        assertThat(Descriptions.source("builtin:common/rx-queues")).isEqualTo(Descriptions.source("common/rx-queues"));
    }

    @Test
    void namesOutsideTheShippedSetNameNothing() {
        assertThat(Descriptions.source("no-such-nic")).isEmpty();
        assertThat(Descriptions.source("../descriptions/lpg")).isEmpty();
        assertThat(Descriptions.source("common/../lpg")).isEmpty();
        assertThat(Descriptions.source("Intel-82599")).isEmpty();
        assertThat(Descriptions.source("")).isEmpty();
        assertThat(Descriptions.builtin("common/rx-queues")).isEmpty();
    }

    @Test
    void displayNameCarriesTheBuiltinPrefixOnce() {
        assertThat(Descriptions.displayName("lpg")).isEqualTo("builtin:lpg");
        assertThat(Descriptions.displayName("builtin:lpg")).isEqualTo("builtin:lpg");
    }

    @Test
    void parsingAnUnknownNameGivesNothingAndAskingForItsGraphNamesTheShippedOnes() {
        assertThat(Descriptions.parse("intel-82598")).isEmpty();
        assertThatThrownBy(() -> Descriptions.graph("intel-82598"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intel-82598").hasMessageContaining("intel-82599");
    }

    @Test
    void theDefaultGraphIsParsedOnceAndSharedUnderEitherSpelling() {
        assertThat(Descriptions.graph("builtin:single-queue")).isSameAs(Descriptions.graph("single-queue"));
        assertThat(Descriptions.parse("single-queue").orElseThrow().diagnostics()).isEmpty();
    }
}
