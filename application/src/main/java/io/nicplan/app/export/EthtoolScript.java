package io.nicplan.app.export;

import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.RssTable;
import io.nicplan.embed.steering.RxQueues;
import io.nicplan.embed.steering.SteeringAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ethtool script (docs/export.md "ethtool"): channels ({@code -L}), checksum offload ({@code -K rx}), transmit
 * offloads ({@code -K tso tx}),
 * hash fields ({@code -N rx-flow-hash}), RSS ({@code -X hkey ... hfunc toeplitz equal|weight}), then one
 * {@code -N flow-type ... action Q [loc L]} per entry of the table the driver's ntuple rules reach, in
 * lookup order.
 */
final class EthtoolScript {
    /** The implementations of the transmit offload C-nodes (docs/nic-descriptions.md). */
    static final String TSO = "tso";
    static final String L4_CSUM = "tx_l4_csum";
    static final String IPV4_CSUM = "tx_ipv4_csum";

    private EthtoolScript() {
    }

    static String write(SteeringExport.Export e) {
        List<String> out = header(e, "ethtool");
        out.addAll(settings(e));
        out.addAll(ntuple(e));
        return String.join("\n", out) + "\n";
    }

    static List<String> header(SteeringExport.Export e, String format) {
        List<String> out = new ArrayList<>();
        out.add("#!/bin/sh");
        out.add("# nicplan export: " + e.program.nic() + " under Linux " + e.driver.driver() + ", " + format + " commands for "
                + e.dev() + " (docs/export.md)");
        out.add("set -e");
        return out;
    }

    /** Channels, checksum offload, hash fields and RSS: what the tc script also needs, as tc has no command for them. */
    static List<String> settings(SteeringExport.Export e) {
        List<String> out = new ArrayList<>();
        RxQueues q = e.program.queues();
        String ethtool = "ethtool ";
        if (q.enabled().size() < q.count()) {
            int n = q.enabled().size();
            if (!q.enabled().equals(RxQueues.all(n).enabled())) {
                n = q.enabled().last() + 1;
                e.cannot("C-node " + queuesNode(e) + " enables queues " + q.enabled() + ": ethtool -L sets a count of channels "
                        + "0..N-1", "queues 0.." + (n - 1) + " are all enabled, so packets steered to a disabled queue are "
                        + "received instead of dropped");
            }
            out.add("# channels: the plan's enabled receive queues (the driver pairs each with a transmit queue)");
            out.add(ethtool + "-L " + e.dev() + " combined " + n);
        } else {
            out.add("# channels: all " + q.count() + " receive queues of the description; left as the driver set them");
        }
        if (e.has("csum_offload")) {
            out.add(ethtool + "-K " + e.dev() + " rx " + (e.program.checksumOffload() ? "on" : "off"));
        }
        transmitOffloads(e).ifPresent(out::add);
        Optional<RssTable> rss = e.program.rss();
        if (rss.isPresent()) {
            RssTable r = rss.get();
            out.add("# RSS: Toeplitz over " + r.hashType().symbol() + ", " + r.indirection().size() + "-entry table");
            if (r.hashType().hashesIpv6Extensions()) {
                // ethtool's rx-flow-hash fields (RXH_*) name no extension-header address, and ixgbe never sets
                // MRQC's IPV6_EX bits (ixgbe_setup_mrqc), so the _ex types cannot be set through the driver.
                e.refuse(SteeringExport.rssName(r) + ": ethtool's rx-flow-hash has no field for the Home Address option's "
                        + "or type-2 routing header's address, so an _ex hash type cannot be set through the driver");
            }
            out.add(ethtool + "-N " + e.dev() + " rx-flow-hash tcp4 " + (SteeringExport.hashesPorts(r.hashType(), true) ? "sdfn" : "sd"));
            out.add(ethtool + "-N " + e.dev() + " rx-flow-hash udp4 " + (SteeringExport.hashesPorts(r.hashType(), false) ? "sdfn" : "sd"));
            if (r.hashType().hashesIpv6()) {
                // The same field choice for IPv6 (ethtool's tcp6/udp6 flow types).
                out.add(ethtool + "-N " + e.dev() + " rx-flow-hash tcp6 " + (SteeringExport.hashesPorts(r.hashType(), true) ? "sdfn" : "sd"));
                out.add(ethtool + "-N " + e.dev() + " rx-flow-hash udp6 " + (SteeringExport.hashesPorts(r.hashType(), false) ? "sdfn" : "sd"));
            }
            StringBuilder x = new StringBuilder(ethtool + "-X " + e.dev());
            byte[] key = r.toeplitz().key();
            if (key.length == e.driver.rssKeyBytes()) {
                x.append(" hkey ").append(SteeringExport.colonHex(key));
            } else {
                e.cannot(SteeringExport.rssName(r) + ": its " + key.length + "-byte key; " + e.driver.driver() + " takes exactly "
                        + e.driver.rssKeyBytes() + " bytes", "the key is left as the driver set it, so RSS flows may reach "
                        + "other queues of the table than the plan predicts");
            }
            x.append(" hfunc toeplitz ").append(indirection(e, r));
            out.add(x.toString());
        } else {
            SteeringAction f = e.program.fallback();
            int queue = f instanceof SteeringAction.ToQueue t ? t.queue() : 0;
            out.add("# no RSS in the plan: every packet no rule claims goes to queue " + queue);
            out.add(ethtool + "-X " + e.dev() + " " + (queue == 0 ? "equal 1" : "weight " + weightsAllTo(queue)));
        }
        return out;
    }

    /**
     * {@code ethtool -K DEV tso on|off tx on|off} for the transmit offloads the NIC declares (docs/export.md "Transmit
     * offloads"): {@code tso} (tcp-segmentation-offload) for {@code tso}, {@code tx} (tx-checksumming) for the
     * checksums. Linux has no feature for the IPv4 header checksum alone (the stack writes it; drivers ask the NIC
     * for it on TSO segments, ixgbe_tso sets IXSM), so both checksums go with {@code tx}; and the kernel drops TSO
     * while transmit checksumming is off (netdev_fix_features), so a plan with TSO on needs {@code tx} on too.
     */
    static Optional<String> transmitOffloads(SteeringExport.Export e) {
        Map<String, Boolean> tx = e.transmitOffloads;
        if (tx.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder line = new StringBuilder("ethtool -K " + e.dev());
        Boolean tso = tx.get(TSO);
        if (tso != null) {
            line.append(" tso ").append(onOff(tso));
        }
        Boolean l4 = tx.get(L4_CSUM);
        Boolean ipv4 = tx.get(IPV4_CSUM);
        if (l4 != null || ipv4 != null) {
            boolean checksums = l4 != null ? l4 : ipv4;
            if (l4 != null && ipv4 != null && !l4.equals(ipv4)) {
                e.cannot("the plan turns the TCP/UDP checksum offload " + onOff(l4) + " and the IPv4 header checksum offload "
                        + onOff(ipv4) + ": ethtool's tx (tx-checksumming) turns transmit checksums on and off together",
                        "both are " + onOff(l4) + ", as the TCP/UDP checksum offload");
            }
            if (Boolean.TRUE.equals(tso) && !checksums) {
                e.cannot("the plan turns TSO on and transmit checksum offload off: Linux drops TSO without tx-checksumming "
                        + "(netdev_fix_features)", "TSO is off too, so the host segments large sends itself");
                line.replace(line.indexOf(" tso on"), line.indexOf(" tso on") + " tso on".length(), " tso off");
            }
            line.append(" tx ").append(onOff(checksums));
        }
        return Optional.of(line.toString());
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    private static String queuesNode(SteeringExport.Export e) {
        return e.functions.entrySet().stream().filter(x -> x.getValue().equals("queues")).map(x -> x.getKey())
                .findFirst().orElse("queues");
    }

    private static String weightsAllTo(int queue) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < queue; i++) {
            sb.append("0 ");
        }
        return sb.append('1').toString();
    }

    /**
     * {@code equal N} or {@code weight W0 W1 ...} when one of them fills exactly the plan's table (ethtool's
     * fill_indir_table: equal N puts queue i % N in entry i; weights give each queue a contiguous run of
     * entries in proportion); otherwise refused, or with --best-effort the weights that keep every queue's share.
     */
    static String indirection(SteeringExport.Export e, RssTable r) {
        List<Integer> table = r.indirection();
        int max = table.stream().mapToInt(Integer::intValue).max().orElse(0);
        int n = max + 1;
        if (fillEqual(n, table.size()).equals(table)) {
            return "equal " + n;
        }
        int[] weights = new int[n];
        table.forEach(q -> weights[q]++);
        List<Integer> filled = fillWeights(weights, table.size());
        StringBuilder w = new StringBuilder("weight");
        for (int x : weights) {
            w.append(' ').append(x);
        }
        if (!filled.equals(table)) {
            int moved = 0;
            for (int i = 0; i < table.size(); i++) {
                moved += filled.get(i).equals(table.get(i)) ? 0 : 1;
            }
            e.cannot(SteeringExport.rssName(r) + ": its indirection table is neither `equal N` nor a `weight` list, the only "
                    + "tables ethtool -X sets", "`" + w + "` keeps every queue's share of the table but moves " + moved
                    + " of its " + table.size() + " entries to another queue, so RSS flows hashed there change queue");
        }
        return w.toString();
    }

    static List<Integer> fillEqual(int n, int size) {
        List<Integer> t = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            t.add(i % n);
        }
        return t;
    }

    /** ethtool's weight fill (ethtool.c fill_indir_table): entry i goes to the queue whose cumulative share covers it. */
    static List<Integer> fillWeights(int[] weights, int size) {
        long sum = 0;
        for (int w : weights) {
            sum += w;
        }
        List<Integer> t = new ArrayList<>(size);
        int j = -1;
        long partial = 0;
        for (int i = 0; i < size; i++) {
            while (i >= size * partial / sum) {
                j++;
                partial += weights[j];
            }
            t.add(j);
        }
        return t;
    }

    /** {@code ethtool -K ntuple on} and one rule per entry the driver's ntuple table takes, in lookup order. */
    private static List<String> ntuple(SteeringExport.Export e) {
        List<String> out = new ArrayList<>();
        LinuxDriver d = e.driver;
        e.driver.ethtoolUnreachable().values().stream().sorted().forEach(reason -> out.add("# " + d.driver() + ": " + reason));
        List<ExportRule> taken = new ArrayList<>();
        List<ExportRule> moved = new ArrayList<>();
        Map<String, List<ExportRule>> left = new LinkedHashMap<>();
        Map<String, List<ExportRule>> movedBy = new LinkedHashMap<>();
        for (ExportRule r : e.rules) {
            if (d.ntupleFunction().isPresent() && d.ntupleFunction().get().equals(r.function())) {
                taken.add(r);
                continue;
            }
            String reason = d.ethtoolUnreachable().getOrDefault(r.function(), d.driver() + " has no ethtool command for "
                    + "function " + r.function());
            String target = d.bestEffortMoves().get(r.function());
            if (e.options.bestEffort() && target != null && r.entry().match().isExactFiveTuple()
                    && r.entry().match().ethType() == FilterMatch.ETH_IPV4 && r.entry().tcpFlags().mask() == 0) {
                moved.add(r);
                movedBy.computeIfAbsent(reason + "; moved to the " + target + " table, ahead of its own rules (an exact flow "
                        + "matches the same packets there)", k -> new ArrayList<>()).add(r);
            } else {
                left.computeIfAbsent(r.table().name() + ": " + reason, k -> new ArrayList<>()).add(r);
            }
        }
        // One reason per table and cause, naming its entries (a plan can fill all 128 five-tuple filters).
        left.forEach((key, entries) -> e.cannot(describe(entries) + ": " + key.substring(key.indexOf(": ") + 2),
                "left out, so their packets go on to the next table or RSS"));
        // Moved entries had the earlier table's precedence: they go first, and an entry of the ntuple table that
        // matches the same exact flow was never reached, so it is left out instead of clashing.
        List<ExportRule> ordered = new ArrayList<>(moved);
        for (ExportRule r : taken) {
            boolean shadowed = moved.stream().anyMatch(m -> m.entry().match().equals(r.entry().match()));
            if (shadowed) {
                e.changes.add(r.describe() + ": shadowed by a moved entry with the same flow; left out (no packet reached it)");
            } else {
                ordered.add(r);
            }
        }
        if (ordered.isEmpty()) {
            return out;
        }
        int capacity = e.program.tables().stream().filter(t -> d.ntupleFunction().orElse("").equals(e.functions.get(t.name())))
                .mapToInt(t -> t.capacity()).findFirst().orElse(Integer.MAX_VALUE);
        // The cost of a move: slots of the ntuple table, reported with how full it now is.
        movedBy.forEach((what, entries) -> e.changes.add(describe(entries) + ": " + what + "; it now holds " + ordered.size()
                + " of its " + capacity + " rules"));
        if (ordered.size() > capacity) {
            e.refuse(ordered.size() + " ntuple rules, but " + d.driver() + "'s " + d.ntupleFunction().orElse("") + " table holds "
                    + capacity);
        }
        out.add("ethtool -K " + e.dev() + " ntuple on");
        for (int loc = 0; loc < ordered.size(); loc++) {
            rule(e, ordered.get(loc), d.ntupleLocations() ? Optional.of(loc) : Optional.empty()).ifPresent(out::add);
        }
        return out;
    }

    /** {@code C-node FiveTuple entry 0 (...)}, or the first three of many entries of one table and how many more. */
    static String describe(List<ExportRule> entries) {
        if (entries.size() == 1) {
            return entries.get(0).describe();
        }
        StringBuilder sb = new StringBuilder("C-node " + entries.get(0).table().name() + ", " + entries.size() + " entries (");
        for (int i = 0; i < Math.min(3, entries.size()); i++) {
            String d = entries.get(i).describe();
            sb.append(i == 0 ? "" : "; ").append(d.substring(d.indexOf(" entry ") + 1));
        }
        return sb.append(entries.size() > 3 ? "; and " + (entries.size() - 3) + " more)" : ")").toString();
    }

    private static Optional<String> rule(SteeringExport.Export e, ExportRule r, Optional<Integer> loc) {
        FilterMatch m = r.entry().match();
        List<String> problems = new ArrayList<>();
        if (m.hasNonAddressTerms()) {
            // A FlexNIC stage's match on the parsed memcached header or on metadata: no such field here.
            problems.add("the match on " + m.terms());
        }
        // IPv6 entries (the X710's flow director) are the tcp6/udp6/sctp6/ip6 flow types, whose src-ip and dst-ip take
        // whole IPv6 addresses (ethtool's IPv6 NFC, Linux 4.6; i40e since 5.12, i40e_check_fdir_input_set).
        boolean v6 = m.isIpv6();
        String family = v6 ? "6" : "4";
        String type;
        if (m.ethType() >= 0 && m.ethType() != FilterMatch.ETH_IPV4 && !v6) {
            problems.add("EtherType 0x" + Integer.toHexString(m.ethType()) + " (not an IPv4 or IPv6 flow type)");
            type = "ether";
        } else if (m.proto() == 6) {
            type = "tcp" + family;
        } else if (m.proto() == 17) {
            type = "udp" + family;
        } else if (m.proto() == 132) {
            type = "sctp" + family;
        } else if (m.proto() < 0) {
            type = "ip" + family;
        } else {
            problems.add("protocol class other (every protocol but TCP, UDP and SCTP is no one flow type)");
            type = "ip" + family;
        }
        if (v6 && (m.matchesAddress6(true) && m.src6().isEmpty() || m.matchesAddress6(false) && m.dst6().isEmpty())) {
            problems.add("a part of an IPv6 address (i40e takes a whole address or none)");
        }
        if (r.entry().tcpFlags().mask() != 0) {
            problems.add("a TCP flags match (ntuple rules have no flags field)");
        }
        if (!e.driver.ntupleWildcards() && !m.isExactFiveTuple()) {
            problems.add("a wildcard (" + e.driver.driver() + " takes exact five-tuples only)");
        }
        for (String field : e.driver.ntupleRequired()) {
            boolean given = field.equals("proto") ? m.proto() >= 0
                    : field.equals("src-ip") ? m.srcMask() != 0 || m.matchesAddress6(true)
                    : field.equals("dst-ip") ? m.dstMask() != 0 || m.matchesAddress6(false)
                    : field.equals("src-port") ? m.srcPortMask() != 0 : m.dstPortMask() != 0;
            if (!given) {
                problems.add("a rule without " + field + " (" + e.driver.driver() + " requires it)");
            }
        }
        StringBuilder sb = new StringBuilder("ethtool -N " + e.dev() + " flow-type " + type);
        ipField(sb, "src-ip", m.srcIp(), m.srcMask());
        ipField(sb, "dst-ip", m.dstIp(), m.dstMask());
        m.src6().ifPresent(a -> sb.append(" src-ip ").append(a));
        m.dst6().ifPresent(a -> sb.append(" dst-ip ").append(a));
        portField(sb, "src-port", m.srcPort(), m.srcPortMask());
        portField(sb, "dst-port", m.dstPort(), m.dstPortMask());
        SteeringAction a = r.entry().action();
        if (a instanceof SteeringAction.ToQueue q) {
            sb.append(" action ").append(q.queue());
        } else if (a instanceof SteeringAction.Drop) {
            sb.append(" action -1");
        } else {
            problems.add("the action " + ExportRule.action(a) + " (ntuple actions are a queue or -1, drop)");
        }
        loc.ifPresent(l -> sb.append(" loc ").append(l));
        if (!problems.isEmpty()) {
            e.cannot(r.describe() + ": ethtool -N cannot express " + String.join(", ", problems),
                    "left out, so its packets go on to the next table or RSS");
            return Optional.empty();
        }
        return Optional.of(sb.toString());
    }

    /**
     * ethtool's {@code m} mask marks the bits to ignore (rxclass.c inverts it into the kernel's match mask):
     * an exact field has no {@code m}, a prefix has the host bits set.
     */
    private static void ipField(StringBuilder sb, String name, long value, long mask) {
        if (mask == 0) {
            return;
        }
        sb.append(' ').append(name).append(' ').append(SteeringExport.ip(value));
        if (mask != 0xFFFF_FFFFL) {
            sb.append(" m ").append(SteeringExport.ip(~mask & 0xFFFF_FFFFL));
        }
    }

    private static void portField(StringBuilder sb, String name, int value, int mask) {
        if (mask == 0) {
            return;
        }
        sb.append(' ').append(name).append(' ').append(value);
        if (mask != 0xFFFF) {
            sb.append(" m 0x").append(Integer.toHexString(~mask & 0xFFFF));
        }
    }
}
