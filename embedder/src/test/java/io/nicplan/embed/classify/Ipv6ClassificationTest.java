package io.nicplan.embed.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.Embedder;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.testing.Nics;
import io.nicplan.graph.DataflowGraph;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Microsoft's RSS verification vectors ("Verifying the RSS hash calculation", IPv4 and IPv6 tables,
 * the standard key) as flows of one mixed IPv4/IPv6 protocol state, classified on the Intel 82599:
 * each flow lands on the queue its published hash picks, {@code table[hash & 127]}.
 */
class Ipv6ClassificationTest {
    private final Embedder embedder = Embedder.standard();
    private final DataflowGraph nic = Nics.intel82599();

    /** Source, destination, the address-only hash and the hash with TCP ports, as Microsoft prints them. */
    private static final String[][] VECTORS = {
        {"66.9.149.187:2794", "161.142.100.80:1766", "323e8fc2", "51ccc178"},
        {"199.92.111.2:14230", "65.69.140.83:4739", "d718262a", "c626b0ea"},
        {"24.19.198.95:12898", "12.22.207.184:38024", "d2d0a5de", "5c2b394a"},
        {"38.27.205.30:48228", "209.142.163.6:2217", "82989176", "afc7327f"},
        {"153.39.163.191:44251", "202.188.127.2:1303", "5d1809c5", "10e828a2"},
        {"[3ffe:2501:200:1fff::7]:2794", "[3ffe:2501:200:3::1]:1766", "2cc18cd5", "40207d3d"},
        {"[3ffe:501:8::260:97ff:fe40:efab]:14230", "[ff02::1]:4739", "0f0c461c", "dde51bbf"},
        {"[3ffe:1900:4545:3:200:f8ff:fe21:67cf]:44251", "[fe80::200:f8ff:fe21:67cf]:38024", "4b61e985", "02d1feef"},
    };

    private ProtocolState state() {
        StringBuilder flows = new StringBuilder();
        for (int i = 0; i < VECTORS.length; i++) {
            flows.append(i == 0 ? "" : ",").append(String.format(
                    "{\"id\": \"v%d\", \"proto\": \"tcp\", \"src\": \"%s\", \"dst\": \"%s\", \"pps\": 1000, \"bytes\": 128}",
                    i, VECTORS[i][0], VECTORS[i][1]));
        }
        return embedder.readState("""
                {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01",
                                 "ipv4": ["161.142.100.80", "65.69.140.83"],
                                 "ipv6": ["3ffe:2501:200:3::1", "fe80::200:f8ff:fe21:67cf"]}],
                 "applications": [{"name": "web", "cores": [0, 1]}],
                 "endpoints": [{"name": "web6", "proto": "tcp", "local": "[3ffe:2501:200:3::1]:1766",
                                "application": "web", "sockets": [{"core": 0}]},
                               {"name": "web4", "proto": "tcp", "local": "*:1766",
                                "application": "web", "sockets": [{"core": 1}]}],
                 "flows": [%s]}
                """.formatted(flows));
    }

    private Map<String, Integer> classify(String hash) {
        StringBuilder table = new StringBuilder();
        for (int b = 0; b < 128; b++) {
            table.append(b == 0 ? "" : ",").append(b % 16);
        }
        Configuration c = embedder.readConfiguration(nic,
                "{\"Rss\": {\"hash\": \"" + hash + "\", \"table\": [" + table + "]}}");
        return embedder.classify(nic, state(), c).placements().stream()
                .collect(Collectors.toMap(Placement::flow, p -> p.queue().orElseThrow()));
    }

    private static int queueOf(String hexHash) {
        return (int) (Long.parseLong(hexHash, 16) & 127) % 16;
    }

    @ParameterizedTest(name = "hash {0}")
    @CsvSource({"ip_tcp, true, true, true", "ip, true, true, false", "ipv6_tcp, false, true, true",
            "ipv4_l4, true, false, true"})
    void everyVectorLandsWhereItsPublishedHashPoints(String hash, boolean ipv4, boolean ipv6, boolean ports) {
        Map<String, Integer> queues = classify(hash);
        for (int i = 0; i < VECTORS.length; i++) {
            boolean isIpv6 = VECTORS[i][0].startsWith("[");
            boolean hashed = isIpv6 ? ipv6 : ipv4;
            // A family the type does not hash gets hash 0: the table's first entry, queue 0.
            int expected = hashed ? queueOf(VECTORS[i][ports ? 3 : 2]) : 0;
            assertThat(queues.get("v" + i)).as("v%d %s -> %s under %s", i, VECTORS[i][0], VECTORS[i][1], hash)
                    .isEqualTo(expected);
        }
    }
}
