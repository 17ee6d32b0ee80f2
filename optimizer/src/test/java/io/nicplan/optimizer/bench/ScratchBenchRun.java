package io.nicplan.optimizer.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchBenchRun {
    @Test
    void run() {
        List<Integer> sizes = Arrays.stream(System.getProperty("sizes", "10,100,1000").split(",")).map(Integer::parseInt).toList();
        SearchBench.run(System.out, new SearchBench.Options(sizes, 42, Duration.ofMillis(1800)));
    }
}
