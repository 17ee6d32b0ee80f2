package io.nicplan.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;

/**
 * Plan requests for tests: a memcached-style host (one interface, one application on four cores,
 * a UDP and a TCP endpoint) and seeded flows from distinct clients, some of them gold.
 */
final class Workloads {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Workloads() {
    }

    static ObjectNode state() {
        ObjectNode s = F.objectNode();
        ObjectNode eth0 = s.putArray("interfaces").addObject();
        eth0.put("name", "eth0").put("mac", "02:00:00:00:00:01");
        eth0.putArray("ipv4").add("10.0.0.1");
        ObjectNode app = s.putArray("applications").addObject();
        app.put("name", "memcached");
        app.putArray("cores").add(0).add(1).add(2).add(3);
        ArrayNode endpoints = s.putArray("endpoints");
        for (String proto : new String[] {"udp", "tcp"}) {
            ObjectNode e = endpoints.addObject();
            e.put("name", "mc_" + proto).put("proto", proto).put("local", "*:11211").put("application", "memcached");
            ArrayNode sockets = e.putArray("sockets");
            for (int core = 0; core < 4; core++) {
                sockets.addObject().put("core", core);
            }
        }
        return s;
    }

    /** {@code n} concrete flows from clients 10.0.1.x, every fifth gold, seeded. */
    static ArrayNode flows(int n, long seed) {
        return flows(n, seed, "f");
    }

    /**
     * {@code n} concrete UDP flows, seeded: on FlexNIC each takes a match-action entry of its own (issue #18's
     * scale). Rates are a quarter of {@link #flows}' so that 10,000 flows stay under the service's limit on
     * their sum (10^9 packets per second).
     */
    static ArrayNode udpFlows(int n, long seed) {
        ArrayNode flows = flows(n, seed, "u");
        flows.forEach(f -> ((ObjectNode) f).put("proto", "udp").put("pps", f.get("pps").asLong() / 4));
        return flows;
    }

    static ArrayNode flows(int n, long seed, String idPrefix) {
        Random r = new Random(seed);
        ArrayNode flows = F.arrayNode();
        for (int i = 0; i < n; i++) {
            ObjectNode f = flows.addObject();
            f.put("id", idPrefix + i);
            f.put("proto", r.nextInt(4) == 0 ? "tcp" : "udp");
            f.put("src", "10.0." + (1 + i / 250) + "." + (1 + i % 250) + ":" + (20000 + r.nextInt(40000)));
            f.put("dst", "10.0.0.1:11211");
            if (i % 5 == 0) {
                f.put("class", "gold");
            }
            f.put("pps", 1000 + r.nextInt(200_000));
            f.put("bytes", 64 + r.nextInt(1400));
        }
        return flows;
    }

    /** A plan request for {@code nic} with {@code n} flows. */
    static ObjectNode request(String nic, int n, String strategy) {
        ObjectNode req = F.objectNode();
        req.put("nic", nic);
        req.set("state", state());
        req.set("flows", flows(n, 42));
        ObjectNode terms = req.putObject("cost").putObject("terms");
        terms.putObject("priority").put("weight", 1).put("goldFlowsPerQueue", 4);
        terms.put("softwareCycles", 1);
        req.put("strategy", strategy);
        return req;
    }
}
