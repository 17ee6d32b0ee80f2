package io.nicplan.app.export;

import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.MatchKind;
import io.nicplan.embed.steering.RssTable;
import io.nicplan.embed.steering.RxQueues;
import io.nicplan.embed.steering.SteeringAction;
import io.nicplan.net.RssHashType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DPDK testpmd command file (docs/export.md "rte_flow"): receive queues, the RSS hash types, key and
 * indirection table ({@code port config ... rss reta}), then one {@code flow create} per steering entry in
 * lookup order, its precedence level as the rule's priority (rte_flow: lower wins).
 */
final class TestpmdScript {
    /** Entries per {@code port config ... rss reta}: testpmd reads the list as one string token of under 128 bytes (cmdline STR_TOKEN_SIZE). */
    private static final int RETA_PER_LINE = 8;

    private TestpmdScript() {
    }

    static String write(SteeringExport.Export e) {
        List<String> out = new ArrayList<>();
        int port = e.options.port();
        out.add("# nicplan export: " + e.program.nic() + ", DPDK " + e.driver.dpdkDriver().orElse("(no driver)") + ", testpmd "
                + "commands for port " + port + " (docs/export.md)");
        if (e.driver.dpdkDriver().isEmpty()) {
            e.refuse(e.program.nic() + " has no DPDK poll-mode driver (" + e.driver.driver() + "'s NIC)");
        }
        TcScript.fastPath(e);
        if (e.transmitOffloads.containsValue(true)) {
            // Not a port setting the export can make for the application: a DPDK application asks for TSO and
            // checksum insertion per packet, in the mbuf's ol_flags (RTE_MBUF_F_TX_TCP_SEG, RTE_MBUF_F_TX_IP_CKSUM, ...).
            out.add("# transmit offloads on in the plan (" + String.join(", ", e.transmitOffloads.entrySet().stream()
                    .filter(Map.Entry::getValue).map(Map.Entry::getKey).toList()) + "): a DPDK application requests them per "
                    + "packet (mbuf ol_flags), so this file sets none");
        }
        RxQueues q = e.program.queues();
        if (q.enabled().size() < q.count()) {
            int n = q.enabled().last() + 1;
            if (q.enabled().size() != n) {
                e.cannot("the plan enables queues " + q.enabled() + ": testpmd configures a count of queues 0..N-1",
                        "queues 0.." + (n - 1) + " are all enabled, so packets steered to a disabled queue are received");
            }
            out.add("port stop " + port);
            out.add("port config all rxq " + n);
            out.add("port config all txq " + n);
            if (e.has("csum_offload")) {
                checksum(out, port, e.program.checksumOffload());
            }
            out.add("port start " + port);
        } else if (e.has("csum_offload")) {
            out.add("port stop " + port);
            checksum(out, port, e.program.checksumOffload());
            out.add("port start " + port);
        }
        e.program.rss().ifPresent(r -> rss(e, r, out));
        for (ExportRule r : e.rules) {
            if (!e.driver.rteFlowReach().contains(r.function())) {
                e.cannot(r.describe() + ": " + e.driver.dpdkDriver().orElse("no PMD") + " installs no rte_flow rule in a "
                        + r.function() + " table", "left out, so its packets go on to the next table or RSS");
                continue;
            }
            rule(e, r).ifPresent(line -> {
                out.add(annotation(r));
                out.add(line);
            });
        }
        return String.join("\n", out) + "\n";
    }

    /**
     * {@code # C-node FiveTuple entry 3 priority 5}: which C-node a rule is for and, in a ternary table, the entry's own
     * priority, which the rule's precedence level does not carry. testpmd skips comment lines; the import reads them
     * ({@link TestpmdImport}), so the file that installed the rules reads back as the plan's configuration.
     */
    static String annotation(ExportRule r) {
        return "# C-node " + r.table().name() + " entry " + r.index()
                + (r.table().kind() == MatchKind.TERNARY ? " priority " + r.entry().priority() : "");
    }

    private static void checksum(List<String> out, int port, boolean on) {
        for (String offload : List.of("ipv4_cksum", "udp_cksum", "tcp_cksum")) {
            out.add("port config " + port + " rx_offload " + offload + " " + (on ? "on" : "off"));
        }
    }

    private static void rss(SteeringExport.Export e, RssTable r, List<String> out) {
        int port = e.options.port();
        // testpmd's `port config all rss` takes one type; "all" is every type the device hashes, which on the
        // shipped NICs is IPv4 and IPv6 on addresses and TCP/UDP on the 4-tuple: ip_l4 (the hash of a plan with IPv6
        // flows), and ipv4_l4 as far as the IPv4 packets it plans are concerned.
        if (r.hashType() == RssHashType.IPV4_L4 || r.hashType() == RssHashType.IP_L4) {
            out.add("port config all rss all");
        } else if (r.hashType() == RssHashType.IPV4) {
            out.add("port config all rss ipv4");
        } else {
            e.refuse(SteeringExport.rssName(r) + ": testpmd's port config rss takes one hash type, and "
                    + r.hashType().symbol() + " hashes one L4 protocol on ports and the rest on addresses");
        }
        byte[] key = r.toeplitz().key();
        // testpmd refuses a key whose length is not the PMD's dev_info.hash_key_size ("key length: N invalid - key
        // must be a string of M hexa-decimal numbers", cmdline.c cmd_config_rss_hash_key_parsed); the PMDs report
        // the same register sizes as their Linux drivers (i40e_ethdev.c: (I40E_PFQF_HKEY_MAX_INDEX + 1) * 4 = 52).
        if (key.length == e.driver.rssKeyBytes()) {
            out.add("port config " + port + " rss-hash-key ipv4 " + SteeringExport.colonHex(key).replace(":", ""));
        } else {
            e.cannot(SteeringExport.rssName(r) + ": its " + key.length + "-byte key; " + e.driver.dpdkDriver().orElse("the PMD")
                    + " takes exactly " + e.driver.rssKeyBytes() + " bytes", "the key is left as the PMD set it, so RSS flows "
                    + "may reach other queues of the table than the plan predicts");
        }
        List<Integer> table = r.indirection();
        for (int from = 0; from < table.size(); from += RETA_PER_LINE) {
            StringBuilder sb = new StringBuilder("port config " + port + " rss reta ");
            for (int i = from; i < Math.min(table.size(), from + RETA_PER_LINE); i++) {
                sb.append(i == from ? "" : ",").append('(').append(i).append(',').append(table.get(i)).append(')');
            }
            out.add(sb.toString());
        }
    }

    private static Optional<String> rule(SteeringExport.Export e, ExportRule r) {
        FilterMatch m = r.entry().match();
        List<String> problems = new ArrayList<>();
        if (m.hasNonAddressTerms()) {
            // A FlexNIC stage's match on the parsed memcached header or on metadata: no such field here.
            problems.add("the match on " + m.terms());
        }
        StringBuilder sb = new StringBuilder("flow create " + e.options.port() + " priority " + r.level() + " ingress pattern eth");
        boolean ipv6 = m.isIpv6();
        boolean ipv4 = !ipv6 && (m.ethType() == FilterMatch.ETH_IPV4 || m.proto() >= 0);
        if (m.ethType() >= 0 && !ipv4 && !ipv6) {
            sb.append(String.format(" type is 0x%04x", m.ethType()));
        }
        if (ipv6) {
            // testpmd's ipv6 item (cmdline_flow.c ITEM_IPV6_SRC/DST): whole addresses, as the i40e PMD's flow director
            // takes them (i40e_flow.c, RTE_FLOW_ITEM_TYPE_IPV6).
            sb.append(" / ipv6");
            m.src6().ifPresent(a -> sb.append(" src is ").append(a));
            m.dst6().ifPresent(a -> sb.append(" dst is ").append(a));
            if (m.matchesAddress6(true) && m.src6().isEmpty() || m.matchesAddress6(false) && m.dst6().isEmpty()) {
                problems.add("a part of an IPv6 address");
            }
        }
        if (ipv4) {
            sb.append(" / ipv4");
            field(sb, "src", SteeringExport.ip(m.srcIp()), SteeringExport.ip(m.srcMask()), m.srcMask(), 0xFFFF_FFFFL);
            field(sb, "dst", SteeringExport.ip(m.dstIp()), SteeringExport.ip(m.dstMask()), m.dstMask(), 0xFFFF_FFFFL);
        }
        String l4 = m.proto() == 6 || r.entry().tcpFlags().mask() != 0 ? "tcp" : m.proto() == 17 ? "udp"
                : m.proto() == 132 ? "sctp" : "";
        if (m.proto() == FilterMatch.PROTO_OTHER) {
            problems.add("protocol class other (a pattern names one protocol)");
        } else if (!l4.isEmpty()) {
            sb.append(" / ").append(l4);
            field(sb, "src", Integer.toString(m.srcPort()), "0x" + Integer.toHexString(m.srcPortMask()), m.srcPortMask(), 0xFFFF);
            field(sb, "dst", Integer.toString(m.dstPort()), "0x" + Integer.toHexString(m.dstPortMask()), m.dstPortMask(), 0xFFFF);
            if (r.entry().tcpFlags().mask() != 0) {
                sb.append(" flags spec 0x").append(Integer.toHexString(r.entry().tcpFlags().value()))
                        .append(" flags mask 0x").append(Integer.toHexString(r.entry().tcpFlags().mask()));
            }
        }
        sb.append(" / end actions ");
        SteeringAction a = r.entry().action();
        if (a instanceof SteeringAction.ToQueue q) {
            sb.append("queue index ").append(q.queue());
        } else if (a instanceof SteeringAction.Drop) {
            sb.append("drop");
        } else if (a instanceof SteeringAction.ToRss) {
            sb.append("rss");
        } else if (a instanceof SteeringAction.Mark mark) {
            sb.append("mark id ").append(mark.value()).append(" / passthru");
        } else {
            problems.add("the action " + ExportRule.action(a));
        }
        sb.append(" / end");
        if (!problems.isEmpty()) {
            e.cannot(r.describe() + ": rte_flow cannot express " + String.join(", ", problems),
                    "left out, so its packets go on to the next rule or RSS");
            return Optional.empty();
        }
        return Optional.of(sb.toString());
    }

    /** {@code src is V} for an exact field, {@code src spec V src mask M} for a partial one, nothing for a wildcard. */
    private static void field(StringBuilder sb, String name, String value, String maskText, long mask, long full) {
        if (mask == 0) {
            return;
        }
        sb.append(' ').append(name);
        if (mask == full) {
            sb.append(" is ").append(value);
        } else {
            sb.append(" spec ").append(value).append(' ').append(name).append(" mask ").append(maskText);
        }
    }
}
