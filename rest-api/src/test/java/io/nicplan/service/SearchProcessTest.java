package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Searches run in the search process (the default with {@code preparation-wait} 0, as {@code nicplan serve} runs):
 * a second JVM, a child of the service's, prepares and runs them and reports each better plan; a DELETE stops a
 * search there with its best plan kept; a search process killed under a running search fails that plan with the
 * reason, and the next plan starts a new process.
 */
@SpringBootTest(classes = NicplanServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"nicplan.limits.preparation-wait=0s",
                "spring.datasource.url=jdbc:h2:mem:search-process-test;DB_CLOSE_DELAY=-1",
                // Its own name, which its search process carries: other tests' services in this JVM have theirs.
                "nicplan.fleet.instance-id=search-process-test"})
class SearchProcessTest extends ServiceTest {

    @Test
    void aSearchRunsInTheChildProcessAndStopsThereOnDelete() throws Exception {
        String id = runningSearch();
        assertThat(searchProcesses(id)).hasSize(1);
        assertThat(http.get("/api/plans/" + id).json().get("plan").get("placements").size()).isEqualTo(60);

        assertThat(http.delete("/api/plans/" + id).status()).isEqualTo(200);
        JsonNode view = PlanApiTest.awaitEnd(http, id, Duration.ofSeconds(30));
        assertThat(view.get("status").asText()).isEqualTo("STOPPED");
        assertThat(view.get("plan").get("placements").size()).isEqualTo(60);
        assertThat(view.get("plan").get("feasible").isBoolean()).isTrue();
    }

    @Test
    void aKilledSearchProcessFailsItsSearchAndTheNextPlanStartsAnother() throws Exception {
        String id = runningSearch();
        List<ProcessHandle> before = searchProcesses(id);
        assertThat(before).hasSize(1);
        assertThat(before.get(0).destroyForcibly()).isTrue();

        JsonNode view = PlanApiTest.awaitEnd(http, id, Duration.ofSeconds(30));
        assertThat(view.get("status").asText()).isEqualTo("FAILED");
        assertThat(view.get("error").asText()).contains("the search process ended while running this search");

        Http.Answer next = http.postJson("/api/plans", Workloads.request("builtin:intel-82599", 20, "greedy"));
        assertThat(next.status()).as(next.toString()).isEqualTo(202);
        JsonNode done = PlanApiTest.awaitEnd(http, next.json().get("id").asText(), Duration.ofSeconds(120));
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.get("plan").get("placements").size()).isEqualTo(20);
        assertThat(searchProcesses(id)).hasSize(1).doesNotContainAnyElementsOf(before);
    }

    /** An OptaPlanner search with a long time limit, once it has stored its first plan. */
    private String runningSearch() throws InterruptedException {
        ObjectNode req = Workloads.request("builtin:intel-82599", 60, "optaplanner");
        req.put("timeLimit", "PT120S");
        Http.Answer a = http.postJson("/api/plans", req);
        assertThat(a.status()).as(a.toString()).isEqualTo(202);
        String id = a.json().get("id").asText();
        assertThat(PlanApiTest.awaitFirstPlan(http, id, Duration.ofSeconds(120)).get("status").asText())
                .isEqualTo("SOLVING");
        return id;
    }

    /**
     * The search processes of the instance that holds plan {@code id}: this JVM's children running SearchProcessMain
     * for it (other tests' services in this JVM have their own, under other instance names).
     */
    private List<ProcessHandle> searchProcesses(String id) {
        String holder = http.get("/api/plans/" + id).json().get("execution").get("holders").get(0).asText();
        return ProcessHandle.current().descendants().filter(p -> p.isAlive() && commandLine(p).contains(
                "io.nicplan.service.plan.SearchProcessMain") && commandLine(p).contains(
                "-Dnicplan.search.instance=" + holder + "\0")).toList();
    }

    /** The process's arguments from /proc (ProcessHandle.Info leaves them out for a command line this long). */
    private static String commandLine(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
        } catch (IOException gone) {
            return "";
        }
    }
}
