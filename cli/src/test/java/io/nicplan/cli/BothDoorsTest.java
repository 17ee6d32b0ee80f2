package io.nicplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.Samples;
import io.nicplan.app.serve.ServiceLauncher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two doors plan alike: one plan request through the command line and through the HTTP service (in this
 * process, on a free port, found as the command line's {@code serve} finds it) gives the same placements, the
 * same cost and a plan the embedder verified; and a search the service runs stops on {@code DELETE}.
 */
class BothDoorsTest {
    private static final String NIC = "builtin:intel-82599";
    private static final long SEED = 7;
    private static final int STEP_LIMIT = 400;

    @TempDir
    static Path dir;
    private static ServiceLauncher.Running service;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startService() {
        service = ServiceLauncher.find().orElseThrow().start(0, dir.resolve("data"), List.of("--logging.level.root=WARN"));
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @Test
    void theSameRequestGivesTheSamePlacementsAndCostThroughTheCommandLineAndHttpVerified() throws Exception {
        Path state = Files.writeString(dir.resolve("state.json"), Samples.demoStateJson(SEED), StandardCharsets.UTF_8);
        Path cost = Files.writeString(dir.resolve("cost.json"), Samples.demoCostJson(), StandardCharsets.UTF_8);
        CliRun cli = CliRun.of("plan", "--nic", NIC, "--state", state.toString(), "--cost", cost.toString(),
                "--time-limit", "2m", "--step-limit", Integer.toString(STEP_LIMIT), "--json");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode byCli = Json.MAPPER.readTree(cli.out());

        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("nic", NIC);
        request.set("state", Json.MAPPER.readTree(Samples.demoStateJson(SEED)));
        request.set("cost", Json.MAPPER.readTree(Samples.demoCostJson()));
        request.put("timeLimit", "PT2M");
        request.put("stepLimit", STEP_LIMIT);
        JsonNode byHttp = awaitEnd(submit(request)).get("plan");

        assertThat(byCli.get("strategy").asText()).isEqualTo("optaplanner");
        assertThat(byHttp.get("strategy").asText()).isEqualTo("optaplanner");
        assertThat(byHttp.get("placements")).isEqualTo(byCli.get("placements"));
        assertThat(byHttp.get("cost")).isEqualTo(byCli.get("cost"));
        assertThat(byHttp.get("configuration")).isEqualTo(byCli.get("configuration"));
        assertThat(byCli.get("verified").asBoolean()).isTrue();
        assertThat(byHttp.get("verified").asBoolean()).isTrue();
        assertThat(byHttp.get("placements")).hasSize(200);
    }

    @Test
    void deletingARunningPlanStopsItsSearchWithItsBestPlanVerified() throws Exception {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("nic", NIC);
        request.set("state", Json.MAPPER.readTree(Samples.demoStateJson(SEED)));
        request.set("cost", Json.MAPPER.readTree(Samples.demoCostJson()));
        request.put("timeLimit", "PT4M");
        String id = submit(request);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode status;
        do {
            Thread.sleep(50);
            status = get("/api/plans/" + id + "/status");
        } while (!status.get("hasPlan").asBoolean() && System.nanoTime() < deadline);
        assertThat(status.get("status").asText()).isEqualTo("SOLVING");

        long t0 = System.nanoTime();
        assertThat(send(HttpRequest.newBuilder(uri("/api/plans/" + id)).DELETE()).statusCode()).isEqualTo(200);
        JsonNode view = awaitEnd(id);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("a four-minute search stopped").isLessThan(Duration.ofSeconds(60));
        assertThat(view.get("status").asText()).isEqualTo("STOPPED");
        assertThat(view.get("plan").get("placements")).hasSize(200);
        assertThat(view.get("plan").get("verified").asBoolean()).isTrue();
    }

    private static String submit(JsonNode request) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/plans")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(request))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Json.MAPPER.readTree(r.body()).get("id").asText();
    }

    private static JsonNode awaitEnd(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            String status = get("/api/plans/" + id + "/status").get("status").asText();
            if (!status.equals("QUEUED") && !status.equals("SOLVING")) {
                return get("/api/plans/" + id);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("plan " + id + " did not end in time");
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }
}
