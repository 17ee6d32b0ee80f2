package io.nicplan.optimizer.plan;

import io.nicplan.embed.config.ConfigurationJson;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.optimizer.cost.CostModel;
import io.nicplan.optimizer.domain.Flow;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Mechanism;
import io.nicplan.optimizer.domain.Placement;
import io.nicplan.optimizer.kv.KeyValueProgram;
import io.nicplan.optimizer.nic.NicModel;
import io.nicplan.optimizer.nic.Steering;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns placements into the value of every steering C-node, keyed by C-node id, in exactly the
 * value types of docs/nic-descriptions.md (absent optional fields are wildcards), and turns on every
 * transmit offload ({@code tx_offload}) the NIC declares. Entries are
 * ordered highest priority first; more specific flows get higher priorities so they are matched
 * before wildcard entries that cover them.
 */
public final class ConfigurationBuilder {
    /** Step between match-action priorities of successive specificity levels. */
    private static final int MA_PRIORITY_STEP = 1000;

    private ConfigurationBuilder() {
    }

    public static Map<String, ConfigValue> build(CostModel model, List<Placement> placements) {
        NicModel nic = model.nic();
        Map<String, ConfigValue> out = new LinkedHashMap<>();
        nic.queuesNodeId().ifPresent(id -> {
            List<ConfigValue> qs = new ArrayList<>();
            for (int q = 0; q < model.queues(); q++) {
                qs.add(ConfigValue.of(q));
            }
            out.put(id, new ConfigValue.ListValue(qs));
        });
        List<Integer> fivetuple = new ArrayList<>();
        List<Integer> fdir = new ArrayList<>();
        List<Integer> ma = new ArrayList<>();
        List<Integer> fast = new ArrayList<>();
        for (int i = 0; i < placements.size(); i++) {
            Placement p = placements.get(i);
            switch (p.mechanism()) {
                case FIVETUPLE -> fivetuple.add(i);
                case FDIR -> fdir.add(i);
                case MATCH_ACTION -> {
                    // a keyed flow has no entry of its own: the key-value program's stages steer it
                    if (!model.steeredByKey(i)) {
                        ma.add(i);
                    }
                }
                default -> {
                    // RSS and the default queue need no entry of their own
                }
            }
            if (p.fastPath()) {
                fast.add(i);
            }
        }
        Comparator<Integer> byPriority = Comparator.comparing((Integer i) -> -CostModel.entryPriority(model.flow(i)));
        for (Steering s : nic.steerings(Mechanism.FIVETUPLE)) {
            fivetuple.sort(byPriority);
            out.put(s.nodeId(), list(fivetuple, i -> fivetupleEntry(model.flow(i), placements.get(i), s.priorities())));
            fivetuple = List.of();
        }
        for (Steering s : nic.steerings(Mechanism.FDIR)) {
            out.put(s.nodeId(), list(fdir, i -> fdirEntry(model.flow(i), placements.get(i))));
            fdir = List.of();
        }
        ma.sort(byPriority);
        int next = 0;
        List<Steering> stages = nic.steerings(Mechanism.MATCH_ACTION);
        if (model.keyValueProgram().isPresent()) {
            KeyValueProgram kv = model.keyValueProgram().get();
            out.put(stages.get(0).nodeId(), hashStage(kv));
            out.put(stages.get(1).nodeId(), bucketStage(kv));
            stages = stages.subList(CostModel.KEY_VALUE_STAGES, stages.size());
        }
        for (Steering s : stages) {
            int end = Math.min(ma.size(), next + s.capacity());
            out.put(s.nodeId(), list(ma.subList(next, end), i -> maEntry(model.flow(i), placements.get(i))));
            next = end;
        }
        nic.fastPath().ifPresent(fp -> out.put(fp.nodeId(), list(fast, i -> flextcpEntry(model.flow(i), placements.get(i)))));
        nic.rss().ifPresent(r -> {
            Map<String, ConfigValue> rss = new LinkedHashMap<>();
            rss.put("hash", new ConfigValue.SymbolValue(model.rssHash().symbol()));
            // no key: the standard key; a plan that chooses its key names it (the model's buckets were hashed with it)
            model.rssKey().ifPresent(key -> {
                // Written at the register's length, zero-filled past the candidate's bytes: a Toeplitz hash of n input
                // bytes reads only the key's first n + 4 bytes, so the buckets the model hashed stay the same.
                List<ConfigValue> bytes = new ArrayList<>(r.keyBytes());
                for (int i = 0; i < Math.max(key.length, r.keyBytes()); i++) {
                    bytes.add(ConfigValue.of(i < key.length ? key[i] & 0xff : 0));
                }
                rss.put("key", new ConfigValue.ListValue(bytes));
            });
            List<ConfigValue> table = new ArrayList<>();
            for (int q : model.rssTable(placements)) {
                table.add(ConfigValue.of(q));
            }
            rss.put("table", new ConfigValue.ListValue(table));
            out.put(r.nodeId(), new ConfigValue.TupleValue(rss));
        });
        // Every transmit offload the NIC declares is on: it only moves transmit work from the host to the NIC.
        nic.transmitOffloadNodeIds().forEach(id -> out.put(id, ConfigValue.of(true)));
        return out;
    }

    private interface Entry {
        ConfigValue of(int flow);
    }

    private static ConfigValue list(List<Integer> flows, Entry entry) {
        List<ConfigValue> out = new ArrayList<>(flows.size());
        for (int i : flows) {
            out.add(entry.of(i));
        }
        return new ConfigValue.ListValue(out);
    }

    /** @param priority whether the table's entries have a priority (else the hardware orders full matches first) */
    private static ConfigValue fivetupleEntry(Flow f, Placement p, boolean priority) {
        Map<String, ConfigValue> t = new LinkedHashMap<>();
        matchFields(f.match(), t, false);
        if (priority) {
            t.put("priority", ConfigValue.of(CostModel.entryPriority(f)));
        }
        t.put("queue", ConfigValue.of(p.queue()));
        return new ConfigValue.TupleValue(t);
    }

    private static ConfigValue fdirEntry(Flow f, Placement p) {
        Map<String, ConfigValue> t = new LinkedHashMap<>();
        matchFields(f.match(), t, false);
        t.put("queue", ConfigValue.of(p.queue()));
        return new ConfigValue.TupleValue(t);
    }

    private static ConfigValue maEntry(Flow f, Placement p) {
        Map<String, ConfigValue> t = new LinkedHashMap<>();
        t.put("priority", ConfigValue.of((long) CostModel.entryPriority(f) * MA_PRIORITY_STEP));
        matchFields(f.match(), t, true);
        if (p.fastPath()) {
            t.put("action", new ConfigValue.SymbolValue("fastpath"));
        } else {
            t.put("action", new ConfigValue.SymbolValue("queue"));
            t.put("queue", ConfigValue.of(p.queue()));
        }
        return new ConfigValue.TupleValue(t);
    }

    /**
     * The key-value program's first stage: memcached binary requests (magic 0x80) of each listener hashed into
     * {@code meta.hash} (examples/kv-flexnic-config.json's Stage0).
     */
    private static ConfigValue hashStage(KeyValueProgram kv) {
        List<ConfigValue> entries = new ArrayList<>();
        int priority = kv.listeners().size();
        for (KeyValueProgram.Listener l : kv.listeners()) {
            Map<String, ConfigValue> t = new LinkedHashMap<>();
            t.put("priority", ConfigValue.of(priority--));
            t.put("proto", new ConfigValue.SymbolValue(l.proto().jsonName()));
            t.put("dst_port", ConfigValue.of(l.port()));
            t.put("kv_magic", ConfigValue.of(MEMCACHED_REQUEST_MAGIC));
            t.put("action", new ConfigValue.SymbolValue("hash"));
            t.put("hash_buckets", ConfigValue.of(kv.buckets()));
            entries.add(new ConfigValue.TupleValue(t));
        }
        return new ConfigValue.ListValue(entries);
    }

    /** The key-value program's second stage: each {@code meta.hash} bucket of a request to its owner's queue. */
    private static ConfigValue bucketStage(KeyValueProgram kv) {
        List<ConfigValue> entries = new ArrayList<>();
        for (int b = 0; b < kv.buckets(); b++) {
            Map<String, ConfigValue> t = new LinkedHashMap<>();
            t.put("priority", ConfigValue.of(1));
            t.put("kv_magic", ConfigValue.of(MEMCACHED_REQUEST_MAGIC));
            t.put("meta_hash", ConfigValue.of(b));
            t.put("action", new ConfigValue.SymbolValue("queue"));
            t.put("queue", ConfigValue.of(kv.bucketQueues().get(b)));
            entries.add(new ConfigValue.TupleValue(t));
        }
        return new ConfigValue.ListValue(entries);
    }

    /** The magic byte of a memcached binary-protocol request (memcached's protocol_binary.h, PROTOCOL_BINARY_REQ). */
    private static final int MEMCACHED_REQUEST_MAGIC = 0x80;

    private static ConfigValue flextcpEntry(Flow f, Placement p) {
        FlowMatch m = f.match();
        requireIpv4(m);
        Map<String, ConfigValue> t = new LinkedHashMap<>();
        t.put("src_ip", ConfigValue.of(m.srcIp().getAsLong()));
        t.put("dst_ip", ConfigValue.of(m.dstIp().getAsLong()));
        t.put("src_port", ConfigValue.of(m.srcPort().getAsInt()));
        t.put("dst_port", ConfigValue.of(m.dstPort().getAsInt()));
        t.put("queue", ConfigValue.of(p.queue()));
        return new ConfigValue.TupleValue(t);
    }

    /**
     * The match fields of an entry. An IPv6 flow's addresses go in {@code src_ip6}/{@code dst_ip6}, which only a
     * filter whose description declares them has; the search places an IPv6 flow in no other
     * ({@link io.nicplan.optimizer.nic.NicModel#canHold}).
     */
    private static void matchFields(FlowMatch m, Map<String, ConfigValue> t, boolean prefixes) {
        m.proto().ifPresent(p -> t.put("proto", new ConfigValue.SymbolValue(p.jsonName())));
        m.srcIp6().ifPresent(ip -> t.put("src_ip6", ConfigurationJson.ipv6Words(ip)));
        m.dstIp6().ifPresent(ip -> t.put("dst_ip6", ConfigurationJson.ipv6Words(ip)));
        m.srcIp().ifPresent(ip -> {
            t.put("src_ip", ConfigValue.of(ip));
            if (prefixes) {
                t.put("src_prefix", ConfigValue.of(32));
            }
        });
        m.dstIp().ifPresent(ip -> {
            t.put("dst_ip", ConfigValue.of(ip));
            if (prefixes) {
                t.put("dst_prefix", ConfigValue.of(32));
            }
        });
        m.srcPort().ifPresent(v -> t.put("src_port", ConfigValue.of(v)));
        m.dstPort().ifPresent(v -> t.put("dst_port", ConfigValue.of(v)));
    }

    /** FlexTCP's flow-state entries hold IPv4 addresses; a plan never puts an IPv6 flow on the fast path ({@link Flow#isExactTcp}). */
    private static void requireIpv4(FlowMatch m) {
        if (m.ipv6()) {
            throw new IllegalStateException("IPv6 flow " + m + " placed on the FlexTCP fast path, whose slots hold IPv4 flows only");
        }
    }
}
