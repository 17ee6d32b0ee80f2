package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the service as a process of its own over a data folder, kills it with SIGKILL (no shutdown
 * hooks, no clean database close) and starts it again on the same folder: what was answered
 * before the kill is still there.
 */
class RestartTest {

    @TempDir
    Path tmp;

    @Test
    void everythingAnsweredBeforeAKill9IsThereAfterARestart() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        String nicId;
        JsonNode nicBefore;
        try (ServerProcess first = ServerProcess.start(data)) {
            Http http = first.http();
            Http.Answer created = http.post("/api/nics?name=two-queue", "text/plain", NicApiTest.TWO_QUEUE);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            nicId = created.json().get("id").asText();
            nicBefore = http.get("/api/nics/" + nicId).json();
            first.kill();
        }
        try (ServerProcess second = ServerProcess.start(data)) {
            Http http = second.http();
            Http.Answer nic = http.get("/api/nics/" + nicId);
            assertThat(nic.status()).as(nic.toString()).isEqualTo(200);
            assertThat(nic.json()).isEqualTo(nicBefore);
            assertThat(http.get("/api/nics/" + nicId + "/graph?format=dot").body()).contains("\"Filters\"");
        }
    }
}
