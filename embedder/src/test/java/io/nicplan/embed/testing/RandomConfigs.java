package io.nicplan.embed.testing;

import io.nicplan.embed.state.AddressPattern;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.Protocol;
import io.nicplan.net.IpAddress;
import io.nicplan.net.Ipv4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random configurations and flows drawn from small pools of addresses and ports, so that
 * filters and flows collide often.
 */
public final class RandomConfigs {
    public static final String[] SOURCES = {"10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.2.1"};
    public static final String[] DESTINATIONS = {"10.0.0.1", "10.0.0.2"};
    public static final int[] PORTS = {53, 80, 11211, 11212, 5000, 5001};

    private final Random random;

    public RandomConfigs(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public String proto() {
        return random.nextBoolean() ? "udp" : "tcp";
    }

    public String src() {
        return SOURCES[random.nextInt(SOURCES.length)];
    }

    public String dst() {
        return DESTINATIONS[random.nextInt(DESTINATIONS.length)];
    }

    public int port() {
        return PORTS[random.nextInt(PORTS.length)];
    }

    /** A 5-tuple filter entry with a random subset of fields. */
    public String fiveTupleEntry(int queues) {
        StringBuilder sb = new StringBuilder("{");
        if (random.nextInt(4) > 0) {
            sb.append("\"proto\": \"").append(random.nextInt(10) == 0 ? "other" : proto()).append("\", ");
        }
        if (random.nextInt(3) == 0) {
            sb.append("\"src_ip\": \"").append(src()).append("\", ");
        }
        if (random.nextInt(3) == 0) {
            sb.append("\"dst_ip\": \"").append(dst()).append("\", ");
        }
        if (random.nextInt(3) == 0) {
            sb.append("\"src_port\": ").append(port()).append(", ");
        }
        if (random.nextBoolean()) {
            sb.append("\"dst_port\": ").append(port()).append(", ");
        }
        return sb.append("\"priority\": ").append(1 + random.nextInt(7)).append(", \"queue\": ").append(random.nextInt(queues)).append("}").toString();
    }

    /** Exact flow-director entries, none twice. */
    public List<String> fdirEntries(int count, int queues) {
        Set<String> keys = new HashSet<>();
        List<String> out = new ArrayList<>();
        while (out.size() < count) {
            String key = "\"proto\": \"" + proto() + "\", \"src_ip\": \"" + src() + "\", \"dst_ip\": \"" + dst() + "\", \"src_port\": "
                    + port() + ", \"dst_port\": " + port();
            if (keys.add(key)) {
                out.add("{" + key + ", \"queue\": " + random.nextInt(queues) + "}");
            }
            if (keys.size() >= 2 * 4 * 2 * 6 * 6) {
                break;
            }
        }
        return out;
    }

    /** A match-action entry with prefixes and any action. */
    public String maEntry(int queues) {
        StringBuilder sb = new StringBuilder("{\"priority\": ").append(random.nextInt(100)).append(", ");
        if (random.nextBoolean()) {
            sb.append("\"proto\": \"").append(proto()).append("\", ");
        }
        if (random.nextInt(3) == 0) {
            int prefix = new int[] {8, 16, 24, 32}[random.nextInt(4)];
            long ip = Ipv4Address.parse(src()).value() & (0xFFFF_FFFFL << (32 - prefix));
            sb.append("\"src_ip\": \"").append(Ipv4Address.of(ip & 0xFFFF_FFFFL)).append("\", \"src_prefix\": ").append(prefix).append(", ");
        }
        if (random.nextInt(3) == 0) {
            sb.append("\"dst_port\": ").append(port()).append(", ");
        }
        String action = new String[] {"queue", "rss", "drop", "fastpath", "mark"}[random.nextInt(5)];
        sb.append("\"action\": \"").append(action).append("\"");
        if (action.equals("queue")) {
            sb.append(", \"queue\": ").append(random.nextInt(queues));
        }
        if (action.equals("mark")) {
            sb.append(", \"mark\": ").append(random.nextInt(1000));
        }
        return sb.append("}").toString();
    }

    public String rss(int entries, int queues) {
        StringBuilder sb = new StringBuilder("{\"hash\": \"").append(new String[] {"ipv4", "ipv4_tcp", "ipv4_udp", "ipv4_l4"}[random.nextInt(4)])
                .append("\", ");
        if (random.nextBoolean()) {
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                key.append(String.format("%02x", random.nextInt(256)));
            }
            sb.append("\"key\": \"").append(key).append("\", ");
        }
        sb.append("\"table\": [");
        for (int i = 0; i < entries; i++) {
            sb.append(i == 0 ? "" : ",").append(random.nextInt(queues));
        }
        return sb.append("]}").toString();
    }

    /** A concrete flow from the pools, with a random source port now and then. */
    public Flow concreteFlow(String id) {
        Protocol proto = random.nextBoolean() ? Protocol.UDP : Protocol.TCP;
        int sport = random.nextInt(3) == 0 ? 1024 + random.nextInt(60000) : port();
        return new Flow(id, proto, AddressPattern.of(Ipv4Address.parse(src()), sport),
                AddressPattern.of(Ipv4Address.parse(dst()), port()), "besteffort", 1, 64);
    }

    /** A flow with some fields wildcarded. */
    public Flow wildcardFlow(String id) {
        Flow c = concreteFlow(id);
        Optional<IpAddress> src = random.nextBoolean() ? Optional.empty() : c.src().address();
        OptionalInt sport = random.nextBoolean() ? OptionalInt.empty() : c.src().port();
        OptionalInt dport = random.nextInt(4) == 0 ? OptionalInt.empty() : c.dst().port();
        return new Flow(id, c.proto(), new AddressPattern(src, sport), new AddressPattern(c.dst().address(), dport), "besteffort", 1, 64);
    }
}
