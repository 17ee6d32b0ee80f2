package io.nicplan.flexnic.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.graph.predicate.HeaderField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compiled lookups agree with the definition, checked by brute force on seeded random
 * tables and packets: ternary = the matching entry with the highest priority, ties to the
 * lowest id; LPM = the longest matching prefix; exact = the equal key.
 */
class TableLookupPropertyTest {

    private static final FlexNicProgram PROGRAM = FlexNicProgram.builder().rxQueues(64).build();
    private static final List<HeaderField> KEY = List.of(HeaderField.IP_SRC, HeaderField.L4_DPORT, HeaderField.IP_PROTO);

    private record Rule(long id, long[] values, long[] masks, int priority, CompiledAction action) {
        boolean matches(long[] fields) {
            for (int i = 0; i < KEY.size(); i++) {
                if ((fields[KEY.get(i).ordinal()] & masks[i]) != values[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    @Test
    void ternaryLookupReturnsTheHighestPriorityMatchWithTiesToTheEarlierEntry() {
        Random random = new Random(11);
        long[][] maskChoices = {
            {0xffffff00L, 0, 0}, {0xffff0000L, 0xffff, 0}, {0xffffffffL, 0xffff, 0xff}, {0, 0xff00, 0}, {0, 0, 0xff},
            {0, 0, 0}, {0xff000000L, 0, 0xff}};
        for (int round = 0; round < 20; round++) {
            List<Rule> rules = new ArrayList<>();
            for (int id = 1; id <= 300; id++) {
                long[] masks = maskChoices[random.nextInt(maskChoices.length)];
                long[] values = {randomSrc(random) & masks[0], random.nextInt(8) * 0x101L & masks[1],
                        (random.nextBoolean() ? 6 : 17) & masks[2]};
                rules.add(new Rule(id, values, masks, 1 + random.nextInt(5), action(id % 64)));
            }
            CompiledAction miss = action(63);
            List<Rule> ranked = new ArrayList<>(rules);
            ranked.sort((a, b) -> a.priority != b.priority ? Integer.compare(b.priority, a.priority) : Long.compare(a.id, b.id));
            List<CompiledTable.Entry> entries = new ArrayList<>();
            for (int rank = 0; rank < ranked.size(); rank++) {
                Rule r = ranked.get(rank);
                entries.add(new CompiledTable.Entry(r.id, r.values, r.masks, rank, r.action));
            }
            CompiledTable table = CompiledTable.masked("t", KEY, entries, miss);
            for (int p = 0; p < 500; p++) {
                long[] fields = packet(randomSrc(random), random.nextInt(8) * 0x101L + (random.nextInt(4) == 0 ? 1 : 0),
                        random.nextBoolean() ? 6 : 17);
                CompiledAction expected = ranked.stream().filter(r -> r.matches(fields)).findFirst().map(Rule::action).orElse(miss);
                assertThat(table.action(table.apply(fields, 60))).isSameAs(expected);
            }
        }
    }

    @Test
    void lpmLookupReturnsTheLongestMatchingPrefix() {
        Random random = new Random(12);
        List<HeaderField> key = List.of(HeaderField.IP_DST);
        List<long[]> prefixes = new ArrayList<>();
        List<CompiledTable.Entry> entries = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        List<Integer> lengths = new ArrayList<>();
        for (int id = 1; id <= 400; id++) {
            int length = 1 + random.nextInt(32);
            long mask = 0xffffffffL & ~((1L << (32 - length)) - 1);
            long value = (0x0a000000L | random.nextInt(1 << 20) << 4) & mask;
            if (seen.put(value + "/" + length, true) != null) {
                continue;
            }
            prefixes.add(new long[] {value, mask, id});
            lengths.add(length);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < prefixes.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(lengths.get(b), lengths.get(a)));
        for (int rank = 0; rank < order.size(); rank++) {
            long[] p = prefixes.get(order.get(rank));
            entries.add(new CompiledTable.Entry(p[2], new long[] {p[0]}, new long[] {p[1]}, rank, action((int) p[2] % 64)));
        }
        CompiledAction miss = action(0);
        CompiledTable table = CompiledTable.masked("routes", key, entries, miss);
        for (int p = 0; p < 5000; p++) {
            long dst = 0x0a000000L | random.nextInt(1 << 24);
            long[] fields = PacketMetadata.newFieldArray();
            fields[HeaderField.IP_DST.ordinal()] = dst;
            int best = -1;
            for (int i = 0; i < prefixes.size(); i++) {
                if ((dst & prefixes.get(i)[1]) == prefixes.get(i)[0] && (best < 0 || lengths.get(i) > lengths.get(best))) {
                    best = i;
                }
            }
            CompiledAction expected = best < 0 ? miss : action((int) prefixes.get(best)[2] % 64);
            assertThat(table.action(table.apply(fields, 60))).isSameAs(expected);
        }
    }

    @Test
    void exactLookupFindsEveryInstalledKeyAndNothingElse() {
        Random random = new Random(13);
        Map<List<Long>, CompiledAction> installed = new HashMap<>();
        List<CompiledTable.Entry> entries = new ArrayList<>();
        long id = 1;
        while (installed.size() < 5000) {
            long[] values = {randomSrc(random), random.nextInt(65536), random.nextBoolean() ? 6 : 17};
            if (installed.containsKey(List.of(values[0], values[1], values[2]))) {
                continue;
            }
            CompiledAction a = action((int) (id % 64));
            installed.put(List.of(values[0], values[1], values[2]), a);
            entries.add(new CompiledTable.Entry(id++, values, new long[] {0xffffffffL, 0xffff, 0xff}, 0, a));
        }
        CompiledAction miss = action(1);
        CompiledTable table = CompiledTable.exact("flows", KEY, entries, miss);
        for (Map.Entry<List<Long>, CompiledAction> e : installed.entrySet()) {
            assertThat(table.action(table.apply(packet(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2)), 60))).isSameAs(e.getValue());
        }
        for (int p = 0; p < 5000; p++) {
            long[] fields = packet(randomSrc(random), random.nextInt(65536), 1);
            assertThat(table.action(table.apply(fields, 60))).isSameAs(miss);
        }
        assertThat(table.size()).isEqualTo(5000);
        assertThat(table.distinctActions()).isLessThanOrEqualTo(65);
        assertThat(table.defaultCounter().packets()).isEqualTo(5000);
    }

    @Test
    void oneFieldPrefixTableWithPrioritiesUnrelatedToLengthTakesTheHighestPriority() {
        // Every mask is a prefix of ip.src, so the table is a prefix trie; priorities are random, so
        // a shorter prefix may outrank a longer one and the trie must still pick the best-ranked entry.
        Random random = new Random(14);
        List<HeaderField> key = List.of(HeaderField.IP_SRC);
        for (int round = 0; round < 10; round++) {
            List<long[]> rules = new ArrayList<>();
            Map<String, Boolean> seen = new HashMap<>();
            for (int id = 1; id <= 300; id++) {
                int length = random.nextInt(33);
                long mask = length == 0 ? 0 : 0xffffffffL & ~((1L << (32 - length)) - 1);
                long value = randomSrc(random) & mask;
                if (seen.put(value + "/" + length, true) == null) {
                    rules.add(new long[] {id, value, mask, 1 + random.nextInt(20)});
                }
            }
            List<long[]> ranked = new ArrayList<>(rules);
            ranked.sort((a, b) -> a[3] != b[3] ? Long.compare(b[3], a[3]) : Long.compare(a[0], b[0]));
            List<CompiledTable.Entry> entries = new ArrayList<>();
            for (int rank = 0; rank < ranked.size(); rank++) {
                long[] r = ranked.get(rank);
                entries.add(new CompiledTable.Entry(r[0], new long[] {r[1]}, new long[] {r[2]}, rank, action((int) r[0] % 64)));
            }
            CompiledAction miss = action(63);
            CompiledTable table = CompiledTable.masked("acl", key, entries, miss);
            assertThat(table.maskGroups()).as("a prefix trie makes no hash probes").isZero();
            for (int p = 0; p < 2000; p++) {
                long src = randomSrc(random) ^ (random.nextInt(8) == 0 ? 0x01000000L : 0);
                long[] fields = packet(src, 0, 6);
                CompiledAction expected = ranked.stream().filter(r -> (src & r[2]) == r[1]).findFirst()
                        .map(r -> action((int) r[0] % 64)).orElse(miss);
                assertThat(table.action(table.apply(fields, 60))).isSameAs(expected);
            }
        }
    }

    @Test
    void ternaryKeysOfTwoAndThreeWordsTakeTheHighestPriorityMatch() {
        // eth.src + ip.src (48 | 32 bits) pack into two words, the flat path; with eth.dst between
        // them (48 | 48 | 32) into three, the general path.
        for (boolean wide : new boolean[] {false, true}) {
            List<HeaderField> key = wide ? List.of(HeaderField.ETH_SRC, HeaderField.ETH_DST, HeaderField.IP_SRC)
                    : List.of(HeaderField.ETH_SRC, HeaderField.IP_SRC);
            long[][] maskChoices = {{0xffffffffffffL, 0, 0}, {0, 0xffffff000000L, 0xffff0000L}, {0xff, 0xff, 0xff}, {0, 0, 0},
                {0xffffffff0000L, 0, 0xfffffffcL}};
            Random random = new Random(16);
            List<long[]> rules = new ArrayList<>();
            for (int id = 1; id <= 300; id++) {
                long[] m = maskChoices[random.nextInt(maskChoices.length)];
                long[] masks = {m[0], wide ? m[1] : 0, m[2]};
                rules.add(new long[] {id, random.nextInt(4) & masks[0], (random.nextInt(4) * 0x1000001L) & masks[1],
                        (0x0a000000L | random.nextInt(4)) & masks[2], masks[0], masks[1], masks[2], 1 + random.nextInt(9)});
            }
            List<long[]> ranked = new ArrayList<>(rules);
            ranked.sort((a, b) -> a[7] != b[7] ? Long.compare(b[7], a[7]) : Long.compare(a[0], b[0]));
            List<CompiledTable.Entry> entries = new ArrayList<>();
            for (int rank = 0; rank < ranked.size(); rank++) {
                long[] r = ranked.get(rank);
                long[] values = wide ? new long[] {r[1], r[2], r[3]} : new long[] {r[1], r[3]};
                long[] masks = wide ? new long[] {r[4], r[5], r[6]} : new long[] {r[4], r[6]};
                entries.add(new CompiledTable.Entry(r[0], values, masks, rank, action((int) r[0] % 64)));
            }
            CompiledAction miss = action(63);
            CompiledTable table = CompiledTable.masked("wide", key, entries, miss);
            for (int p = 0; p < 3000; p++) {
                long[] fields = PacketMetadata.newFieldArray();
                fields[HeaderField.ETH_SRC.ordinal()] = random.nextInt(5);
                fields[HeaderField.ETH_DST.ordinal()] = random.nextInt(5) * 0x1000001L;
                fields[HeaderField.IP_SRC.ordinal()] = 0x0a000000L | random.nextInt(5);
                CompiledAction expected = ranked.stream().filter(r -> (fields[HeaderField.ETH_SRC.ordinal()] & r[4]) == r[1]
                        && (fields[HeaderField.ETH_DST.ordinal()] & r[5]) == r[2]
                        && (fields[HeaderField.IP_SRC.ordinal()] & r[6]) == r[3])
                        .findFirst().map(r -> action((int) r[0] % 64)).orElse(miss);
                assertThat(table.action(table.apply(fields, 60))).as("wide=%s packet %d", wide, p).isSameAs(expected);
            }
        }
    }

    @Test
    void oneFieldTernaryTableWithNonPrefixMasksFallsBackToTupleSpace() {
        List<HeaderField> key = List.of(HeaderField.L4_DPORT);
        CompiledAction even = action(1);
        CompiledAction http = action(2);
        CompiledAction miss = action(3);
        CompiledTable table = CompiledTable.masked("ports", key, List.of(
                new CompiledTable.Entry(1, new long[] {80}, new long[] {0xffff}, 0, http),
                new CompiledTable.Entry(2, new long[] {0}, new long[] {0x0001}, 1, even)), miss);
        assertThat(table.maskGroups()).isEqualTo(2);
        assertThat(table.action(table.apply(packet(0, 80, 6), 60))).isSameAs(http);
        assertThat(table.action(table.apply(packet(0, 82, 6), 60))).isSameAs(even);
        assertThat(table.action(table.apply(packet(0, 81, 6), 60))).isSameAs(miss);
    }

    @Test
    void exactKeysOfOneAndThreeWordsFindTheirEntriesAndCountThem() {
        // ip.proto + l4.dport pack into one word; two MACs and an address into three; six narrow
        // fields into one word and five after two addresses into word 1, more fields than
        // KeyPacking's straight-line slots per word.
        List<List<HeaderField>> keys = List.of(List.of(HeaderField.IP_PROTO, HeaderField.L4_DPORT),
                List.of(HeaderField.ETH_SRC, HeaderField.ETH_DST, HeaderField.IP_SRC),
                List.of(HeaderField.IP_PROTO, HeaderField.IP_TTL, HeaderField.IP_DSCP, HeaderField.VLAN_ID,
                        HeaderField.TCP_FLAGS, HeaderField.L4_DPORT),
                List.of(HeaderField.IP_SRC, HeaderField.IP_DST, HeaderField.IP_PROTO, HeaderField.IP_TTL, HeaderField.IP_DSCP,
                        HeaderField.TCP_FLAGS, HeaderField.L4_DPORT));
        Random random = new Random(15);
        for (List<HeaderField> key : keys) {
            Map<List<Long>, Long> ids = new HashMap<>();
            List<CompiledTable.Entry> entries = new ArrayList<>();
            while (entries.size() < 2000) {
                long[] values = new long[key.size()];
                for (int i = 0; i < key.size(); i++) {
                    values[i] = random.nextLong() & key.get(i).fullMask();
                }
                List<Long> k = java.util.Arrays.stream(values).boxed().toList();
                if (ids.putIfAbsent(k, entries.size() + 1L) == null) {
                    long id = entries.size() + 1L;
                    entries.add(new CompiledTable.Entry(id, values, new long[key.size()], 0, action((int) (id % 64))));
                }
            }
            CompiledAction miss = action(0);
            CompiledTable table = CompiledTable.exact("t", key, entries, miss);
            for (CompiledTable.Entry e : entries) {
                long[] fields = PacketMetadata.newFieldArray();
                for (int i = 0; i < key.size(); i++) {
                    fields[key.get(i).ordinal()] = e.values()[i];
                }
                int hits = 1 + (int) (e.id() % 3);
                for (int h = 0; h < hits; h++) {
                    assertThat(table.action(table.apply(fields, 60 + h))).isSameAs(e.action());
                }
                fields[key.get(key.size() - 1).ordinal()] ^= 1;
                if (!ids.containsKey(java.util.Arrays.stream(key.stream().mapToLong(f -> fields[f.ordinal()]).toArray()).boxed().toList())) {
                    assertThat(table.action(table.apply(fields, 60))).isSameAs(miss);
                }
            }
            for (CompiledTable.Entry e : entries) {
                int hits = 1 + (int) (e.id() % 3);
                assertThat(table.counter(e.id()).packets()).as(key + " entry " + e.id()).isEqualTo(hits);
                assertThat(table.counter(e.id()).bytes()).isEqualTo(60L * hits + (long) hits * (hits - 1) / 2);
            }
            assertThat(table.counter(999_999).packets()).isZero();
        }
    }

    private static long[] packet(long src, long dport, long proto) {
        long[] fields = PacketMetadata.newFieldArray();
        fields[HeaderField.IP_SRC.ordinal()] = src;
        fields[HeaderField.L4_DPORT.ordinal()] = dport;
        fields[HeaderField.IP_PROTO.ordinal()] = proto;
        return fields;
    }

    private static long randomSrc(Random random) {
        return 0x0a000000L | random.nextInt(1 << 12);
    }

    private static final Map<Integer, CompiledAction> ACTIONS = new HashMap<>();

    private static CompiledAction action(int queue) {
        return ACTIONS.computeIfAbsent(queue, q -> CompiledAction.compile(ActionSpec.queue(q), PROGRAM, List.of()));
    }
}
