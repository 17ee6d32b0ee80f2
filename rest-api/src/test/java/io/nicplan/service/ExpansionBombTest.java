package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue #18, item 2: a description of a few KB that expands to millions of edges (few nodes, each
 * with a port to every queue) is refused at parse with a diagnostic naming the limit, and nothing
 * is stored.
 */
class ExpansionBombTest extends ServiceTest {

    /** A few KB: {@code fanOutNodes} nodes in a chain, each with a port to all {@code queues} queues' Valid nodes. */
    static String bomb(int queues, int fanOutNodes) {
        StringBuilder text = new StringBuilder("graph Bomb {\n    resource rx_queues = " + queues + "\n"
                + "    node Wire { attr \"source\" port out[F0] }\n");
        for (int i = 0; i < fanOutNodes; i++) {
            text.append("    node F").append(i).append(" { port out[Q{0..").append(queues - 1).append("}.Valid")
                    .append(i + 1 < fanOutNodes ? " F" + (i + 1) : "").append("] }\n");
        }
        return text.append("    import \"builtin:common/rx-queues\"\n}\n").toString();
    }

    @Test
    void millionsOfEdgesFromAFewKilobytesAreRefusedNamingTheLimit() {
        String text = bomb(16_384, 60);
        assertThat(text.length()).isLessThan(4096);
        Http.Answer a = http.post("/api/nics?name=bomb", "text/plain", text);
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.json().get("detail").asText()).contains("more than 200000 edges");
        assertThat(http.get("/api/nics/bomb").status()).isEqualTo(404);
    }

    @Test
    void tooManyQueuesAreRefusedByTheNodeLimit() {
        Http.Answer a = http.post("/api/nics?name=bomb-nodes", "text/plain", bomb(65_536, 1));
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.json().get("detail").asText()).contains("more than 50000");
    }
}
