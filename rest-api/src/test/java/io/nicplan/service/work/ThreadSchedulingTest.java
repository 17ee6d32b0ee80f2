package io.nicplan.service.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The scheduling class a pool's threads run in, read back from the kernel's own account of the thread. */
class ThreadSchedulingTest {
    /** policy in /proc/&lt;tid&gt;/sched: 0 SCHED_OTHER (normal), 5 SCHED_IDLE (linux/sched.h). */
    private static final String NORMAL_POLICY = "0";
    private static final String IDLE_POLICY = "5";
    private static final Path OWN_THREAD = Path.of("/proc/thread-self/sched");

    @Test
    void backgroundThreadsRunInTheIdleClassAndNormalOnesDoNot() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(OWN_THREAD), "needs Linux's /proc/thread-self/sched");
        assertEquals(IDLE_POLICY, policyOfAPoolThread(ThreadScheduling.BACKGROUND));
        assertEquals(NORMAL_POLICY, policyOfAPoolThread(ThreadScheduling.NORMAL));
    }

    @Test
    void backgroundThreadsAlsoHaveTheLowestJavaPriority() throws Exception {
        try (BoundedExecutor pool = new BoundedExecutor("test", 1, 1, 1, "none", ThreadScheduling.BACKGROUND)) {
            assertEquals(Thread.MIN_PRIORITY, pool.submit(() -> Thread.currentThread().getPriority()).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void enteringTheIdleClassDoesNotTouchOtherThreads() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(OWN_THREAD), "needs Linux's /proc/thread-self/sched");
        String before = policy();
        assertEquals(IDLE_POLICY, policyOfAPoolThread(ThreadScheduling.BACKGROUND));
        assertEquals(before, policy());
        assertTrue(before.equals(NORMAL_POLICY) || before.equals(IDLE_POLICY), before);
    }

    private static String policyOfAPoolThread(ThreadScheduling scheduling) throws Exception {
        try (BoundedExecutor pool = new BoundedExecutor("test", 1, 1, 1, "none", scheduling)) {
            return pool.submit(ThreadSchedulingTest::policy).get(10, TimeUnit.SECONDS);
        }
    }

    private static String policy() throws IOException {
        return Files.readAllLines(OWN_THREAD).stream().filter(l -> l.startsWith("policy"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst()
                .orElseThrow(() -> new AssertionError("no policy line in " + OWN_THREAD));
    }
}
