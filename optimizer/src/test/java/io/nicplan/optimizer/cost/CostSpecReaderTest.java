package io.nicplan.optimizer.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nicplan.optimizer.domain.TrafficClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostSpecReaderTest {

    @Test
    void readsWeightsOptionsAndRules() {
        CostSpec s = CostSpecReader.read("""
                {"terms": {"priority": {"weight": 3, "goldFlowsPerQueue": 4, "byRate": true}, "churn": 10},
                 "rules": {"sameCore": true, "maxFlowsPerQueue": 50, "reservedQueues": [0]}}""");
        assertThat(s.weight(Term.PRIORITY)).isEqualTo(3);
        assertThat(s.weight(Term.CHURN)).isEqualTo(10);
        assertThat(s.weight(Term.BALANCE)).isZero();
        assertThat(s.goldFlowsPerQueue()).isEqualTo(4);
        assertThat(s.classesByRate()).isTrue();
        assertThat(s.rules().sameCore()).isTrue();
        assertThat(s.rules().maxFlowsPerQueue()).hasValue(50);
        assertThat(s.rules().reservedQueues()).containsExactly(0);
        assertThat(CostSpecReader.read(CostSpecReader.toJson(s).toString())).isEqualTo(s);
    }

    @Test
    void unknownTermIsRejectedWithItsPointer() {
        assertThatThrownBy(() -> CostSpecReader.read("{\"terms\": {\"latency\": 1}}"))
                .isInstanceOf(CostSpecException.class).hasMessageStartingWith("/terms/latency: unknown term 'latency'")
                .extracting(e -> ((CostSpecException) e).pointer()).isEqualTo("/terms/latency");
    }

    @Test
    void negativeWeightIsRejectedWithItsPointer() {
        assertThatThrownBy(() -> CostSpecReader.read("{\"terms\": {\"balance\": {\"weight\": -2}}}"))
                .hasMessageStartingWith("/terms/balance/weight: negative weight -2");
    }

    @Test
    void unknownOptionAndRuleAreRejected() {
        assertThatThrownBy(() -> CostSpecReader.read("{\"terms\": {\"balance\": {\"weight\": 1, \"spread\": 2}}}"))
                .hasMessageStartingWith("/terms/balance/spread: unknown field");
        assertThatThrownBy(() -> CostSpecReader.read("{\"terms\": {\"balance\": 1}, \"rules\": {\"noDrops\": true}}"))
                .hasMessageStartingWith("/rules/noDrops: unknown field");
    }

    @Test
    void priorityAndStaticTogetherContradict() {
        assertThatThrownBy(() -> CostSpecReader.read(
                "{\"terms\": {\"priority\": 1, \"static\": {\"gold\": [1], \"besteffort\": [2]}}}"))
                .hasMessageStartingWith("/terms/static: contradicts /terms/priority");
    }

    @Test
    void staticQueuesOfBothClassesMustNotOverlapNorBeReserved() {
        assertThatThrownBy(() -> CostSpecReader.read("{\"terms\": {\"static\": {\"gold\": [1, 2], \"besteffort\": [2, 3]}}}"))
                .hasMessageStartingWith("/terms/static/besteffort/0: queue 2 is also at /terms/static/gold/1");
        assertThatThrownBy(() -> CostSpecReader.read(
                "{\"terms\": {\"static\": {\"gold\": [1], \"besteffort\": [3]}}, \"rules\": {\"reservedQueues\": [3]}}"))
                .hasMessageStartingWith("/terms/static/besteffort/0: queue 3 is in /rules/reservedQueues");
    }

    @Test
    void malformedJsonAndEmptyTermsAreRejected() {
        assertThatThrownBy(() -> CostSpecReader.read("{\"terms\": ")).hasMessageStartingWith("/: not JSON");
        assertThatThrownBy(() -> CostSpecReader.read("{\"terms\": {}}")).hasMessageStartingWith("/terms: an object with at least one term");
    }

    @Test
    void staticSplitIsKeptPerClass() {
        CostSpec s = CostSpecReader.read("{\"terms\": {\"static\": {\"gold\": [1], \"besteffort\": [2, 3]}}}");
        assertThat(s.staticQueues().get(TrafficClass.BESTEFFORT)).isEqualTo(List.of(2, 3));
    }
}
