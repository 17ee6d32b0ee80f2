package io.nicplan.optimizer.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentResultsTest {
    /** Inputs weighing their length; the results record every computation. */
    private final List<String> computed = new ArrayList<>();
    private final RecentResults<String, String> results = new RecentResults<>(3, 10, String::length);

    private String upper(String s) {
        computed.add(s);
        return s.toUpperCase(java.util.Locale.ROOT);
    }

    @Test
    void equalInputsAreComputedOnce() {
        String first = results.get("abc", this::upper);
        String again = results.get(new String("abc"), this::upper);
        assertSame(first, again);
        assertEquals(List.of("abc"), computed);
    }

    @Test
    void theLeastRecentlyUsedGoFirstWhenTheWeightIsExceeded() {
        results.get("aaaa", this::upper);
        results.get("bbbb", this::upper);
        results.get("aaaa", this::upper);      // used: "bbbb" is now the eldest
        results.get("cccc", this::upper);      // 12 > 10: "bbbb" goes
        assertEquals(2, results.size());
        results.get("aaaa", this::upper);
        results.get("bbbb", this::upper);
        assertEquals(List.of("aaaa", "bbbb", "cccc", "bbbb"), computed);
    }

    @Test
    void inputsHeavierThanTheBoundAreComputedEveryTime() {
        results.get("abcdefghijkl", this::upper);
        results.get("abcdefghijkl", this::upper);
        assertEquals(2, computed.size());
        assertEquals(0, results.size());
    }

    @Test
    void atMostTheCountIsKeptWhateverTheWeight() {
        for (String s : List.of("a", "b", "c", "d")) {
            results.get(s, this::upper);
        }
        assertEquals(3, results.size());
        results.get("a", this::upper);   // the eldest went
        assertEquals(5, computed.size());
    }
}
