package io.nicplan.embed;

import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import java.util.Random;

/**
 * A generated workload for the embedder's benchmark ({@code EmbedderBenchmark.embedThousandEndpoints})
 * and the tests that check its embeddings, seeded so both see the same input: 1,000 endpoints
 * (700 UDP, 200 TCP listening, 100 TCP connected) and 2,000 flows on the Intel 82599, with RSS
 * over 8 queues and, for {@code filters}, 32 five-tuple and 64 flow-director filters steering to
 * 8 more.
 */
public final class ThousandEndpoints {
    private ThousandEndpoints() {
    }

    /** The protocol state: the endpoints and flows, read through {@code embedder}. */
    public static ProtocolState state(Embedder embedder) {
        StringBuilder eps = new StringBuilder();
        StringBuilder flows = new StringBuilder();
        Random r = new Random(7);
        for (int i = 0; i < 1000; i++) {
            String proto = i < 700 ? "udp" : "tcp";
            int port = i < 700 ? 10_000 + i : 20_000 + (i - 700) % 200;
            String local = i % 5 == 0 ? "10.0.0.1:" + port : "*:" + port;
            String remote = i >= 900 ? ", \"remote\": \"10.0.9." + (i - 900) + ":6000\"" : "";
            if (i >= 900) {
                local = "10.0.0.1:" + port;
            }
            eps.append(i == 0 ? "" : ",").append("{\"name\": \"e").append(i).append("\", \"proto\": \"").append(proto)
                    .append("\", \"local\": \"").append(local).append("\"").append(remote)
                    .append(", \"application\": \"app\", \"sockets\": [{\"core\": ").append(i % 8).append("}")
                    .append(i % 3 == 0 ? ", {\"core\": " + ((i + 1) % 8) + "}" : "").append("]}");
        }
        for (int i = 0; i < 2000; i++) {
            int e = r.nextInt(900);
            String proto = e < 700 ? "udp" : "tcp";
            int port = e < 700 ? 10_000 + e : 20_000 + (e - 700) % 200;
            flows.append(i == 0 ? "" : ",").append("{\"id\": \"f").append(i).append("\", \"proto\": \"").append(proto)
                    .append("\", \"src\": \"10.0.").append(1 + r.nextInt(200)).append('.').append(1 + r.nextInt(250)).append(':')
                    .append(1024 + r.nextInt(60000)).append("\", \"dst\": \"10.0.0.1:").append(port).append("\", \"pps\": 1000, \"bytes\": 64}");
        }
        return embedder.readState("""
                {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1"]}],
                 "applications": [{"name": "app", "cores": [0, 1, 2, 3, 4, 5, 6, 7]}],
                 "endpoints": [%s], "flows": [%s]}
                """.formatted(eps, flows));
    }

    /** {@code rss} (RSS over queues 0..7) or {@code filters} (and 32 five-tuple and 64 flow-director filters to queues 8..15). */
    public static Configuration configuration(Embedder embedder, DataflowGraph nic, String variant) {
        StringBuilder five = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            five.append(i == 0 ? "" : ",").append("{\"proto\": \"udp\", \"dst_port\": ").append(10_000 + i * 7)
                    .append(", \"priority\": 4, \"queue\": ").append(8 + i % 8).append("}");
        }
        StringBuilder fdir = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            fdir.append(i == 0 ? "" : ",").append("{\"proto\": \"udp\", \"src_ip\": \"10.0.200.").append(i)
                    .append("\", \"dst_ip\": \"10.0.0.1\", \"src_port\": 5000, \"dst_port\": ").append(10_001 + i)
                    .append(", \"queue\": ").append(8 + i % 8).append("}");
        }
        String table = "0, 1, 2, 3, 4, 5, 6, 7, ".repeat(15) + "0, 1, 2, 3, 4, 5, 6, 7";
        return embedder.readConfiguration(nic, "filters".equals(variant) ? """
                {"CsumOffload": true, "FiveTuple": [%s], "FlowDirector": [%s],
                 "Rss": {"hash": "ipv4_l4", "table": [%s]}, "Queues": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]}
                """.formatted(five, fdir, table) : """
                {"CsumOffload": true, "Rss": {"hash": "ipv4_l4", "table": [%s]}, "Queues": [0, 1, 2, 3, 4, 5, 6, 7]}
                """.formatted(table));
    }
}
