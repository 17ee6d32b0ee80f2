package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.service.work.RequestWork;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Issue #18, item 1 (and its "bounded work per request"): a request's expensive work runs on the
 * request-work pool with a deadline and stops when its client goes away. The work here is a traffic
 * replay of an hour at the flows' full rates (tens of millions of frames, minutes of work): a client
 * that hangs up mid-replay frees the runner within moments, and one that waits gets a 504 at the
 * deadline, the replay stopped as well. Observed through {@link RequestWork#counts()}, not timing; the
 * deadline is 15 s so that two requests reach the pool before it on a loaded two-core machine.
 */
@SpringBootTest(classes = NicplanServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"nicplan.limits.request-deadline=15s", "nicplan.limits.concurrent-requests=1",
                "nicplan.limits.request-queue-size=1", "nicplan.limits.max-traffic-packets=1000000000000",
                "nicplan.limits.max-capture-size=64KB",
                "spring.datasource.url=jdbc:h2:mem:request-deadline-test;DB_CLOSE_DELAY=-1"})
class RequestDeadlineTest extends ServiceTest {
    /** An hour of 20 flows at their rates, a million frames each: far more than a deadline of seconds lets through. */
    private static final String ENDLESS_REPLAY = "{\"duration\": \"PT1H\", \"maxPacketsPerFlow\": 1000000}";

    @Autowired
    RequestWork work;

    private String emulator;

    @BeforeEach
    void configuredEmulator() throws InterruptedException {
        String plan = PlanApiTest.submit(http, Workloads.request("builtin:flexnic", 20, "greedy"));
        PlanApiTest.awaitEnd(http, plan, Duration.ofSeconds(120));
        Http.Answer created = http.postJson("/api/emulators", Map.of("description", "builtin:flexnic"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        emulator = created.json().get("id").asText();
        Http.Answer applied = http.put("/api/emulators/" + emulator + "/configuration", "application/json",
                Http.write(Map.of("plan", plan)));
        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
    }

    @Test
    void aClientThatHangsUpMidReplayStopsTheReplay() throws Exception {
        RequestWork.Counts before = work.counts();
        try (Socket client = hangingReplay()) {
            awaitCounts(c -> c.running() == 1, "the replay to start");
            Thread.sleep(300);   // well inside the replay, well before the 15 s deadline
        }
        RequestWork.Counts after = awaitCounts(c -> c.running() == 0 && c.stoppedClientGone() > before.stoppedClientGone(),
                "the replay to stop after the client left");
        assertThat(after.stoppedClientGone()).isEqualTo(before.stoppedClientGone() + 1);
        assertThat(after.completed()).isEqualTo(before.completed());
        assertThat(after.stoppedDeadline()).isEqualTo(before.stoppedDeadline());
        assertThat(after.finishedUnanswered()).isEqualTo(before.finishedUnanswered());
        // The runner is free again: a short replay is answered.
        Http.Answer shortReplay = http.postJson("/api/emulators/" + emulator + "/traffic", Map.of("duration", "PT0.001S"));
        assertThat(shortReplay.status()).as(shortReplay.toString()).isEqualTo(200);
    }

    @Test
    void workPastTheDeadlineIsStoppedAndAnswered504() throws InterruptedException {
        RequestWork.Counts before = work.counts();
        Http.Answer a = http.post("/api/emulators/" + emulator + "/traffic", "application/json", ENDLESS_REPLAY);
        assertThat(a.status()).as(a.toString()).isEqualTo(504);
        assertThat(a.isProblem()).isTrue();
        assertThat(a.json().get("type").asText()).isEqualTo("urn:nicplan:problem:deadline-exceeded");
        assertThat(a.json().get("detail").asText()).contains("nicplan.limits.request-deadline");
        RequestWork.Counts after = awaitCounts(c -> c.running() == 0, "the replay to stop after its deadline");
        assertThat(after.stoppedDeadline()).isEqualTo(before.stoppedDeadline() + 1);
        assertThat(after.completed()).isEqualTo(before.completed());
    }

    /** A raw HTTP client that sends the endless replay and then only waits (until the test closes it). */
    private Socket hangingReplay() throws IOException {
        Socket client = new Socket("127.0.0.1", port);
        byte[] body = ENDLESS_REPLAY.getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("POST /api/emulators/" + emulator + "/traffic HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return client;
    }

    private RequestWork.Counts awaitCounts(Predicate<RequestWork.Counts> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        RequestWork.Counts c = work.counts();
        while (System.nanoTime() < deadline) {
            c = work.counts();
            if (condition.test(c)) {
                return c;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("waited 60 s for " + what + "; counts " + c);
    }
}
