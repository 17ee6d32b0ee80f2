package io.nicplan.app.export;

import io.nicplan.embed.steering.FilterMatch;
import io.nicplan.embed.steering.SteeringAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tc script (docs/export.md "tc"): tc has no command for channels or the RSS table, so those are the
 * ethtool script's lines; then the ingress qdisc and one {@code tc filter add ... flower skip_sw ...} per
 * steering entry of every table, in lookup order. tc runs lower {@code prio} numbers first and flower takes
 * one mask per prio, so every precedence level and mask shape gets its own prio.
 */
final class TcScript {
    private TcScript() {
    }

    static String write(SteeringExport.Export e) {
        List<String> out = EthtoolScript.header(e, "tc");
        out.add("# " + e.driver.driver() + ": " + e.driver.tcNote());
        out.add("# channels and RSS have no tc command: ethtool sets them");
        out.addAll(EthtoolScript.settings(e));
        fastPath(e);
        if (!e.rules.isEmpty()) {
            out.add("tc qdisc add dev " + e.dev() + " ingress");
        }
        int prio = 0;
        String group = "";
        for (ExportRule r : e.rules) {
            String shape = r.level() + " " + shape(r);
            if (!shape.equals(group)) {
                prio++;
                group = shape;
            }
            rule(e, r, prio).ifPresent(out::add);
        }
        return String.join("\n", out) + "\n";
    }

    static void fastPath(SteeringExport.Export e) {
        e.program.fastPath().filter(f -> !f.slots().isEmpty()).ifPresent(f -> e.refuse("C-node " + f.node() + ": "
                + f.slots().size() + " FlexTCP fast-path slots (no Linux interface has a TCP fast path)"));
    }

    /** The fields an entry matches and their masks: flower keeps one mask per prio. */
    private static String shape(ExportRule r) {
        FilterMatch m = r.entry().match();
        return m.ethType() + "/" + (m.proto() >= 0) + "/" + m.srcMask() + "/" + m.dstMask() + "/" + m.matchesAddress6(true) + "/"
                + m.matchesAddress6(false) + "/" + m.srcPortMask() + "/" + m.dstPortMask() + "/" + r.entry().tcpFlags().mask();
    }

    private static Optional<String> rule(SteeringExport.Export e, ExportRule r, int prio) {
        FilterMatch m = r.entry().match();
        List<String> problems = new ArrayList<>();
        if (m.hasNonAddressTerms()) {
            // A FlexNIC stage's match on the parsed memcached header or on metadata: no such field here.
            problems.add("the match on " + m.terms());
        }
        StringBuilder sb = new StringBuilder("tc filter add dev " + e.dev() + " ingress protocol ");
        sb.append(m.ethType() < 0 ? (m.proto() >= 0 ? "ip" : "all") : m.ethType() == FilterMatch.ETH_IPV4 ? "ip"
                : m.isIpv6() ? "ipv6" : String.format("0x%04x", m.ethType()));
        sb.append(" prio ").append(prio).append(" flower skip_sw");
        if (m.proto() == 6 || m.proto() == 17 || m.proto() == 132) {
            sb.append(" ip_proto ").append(m.proto() == 6 ? "tcp" : m.proto() == 17 ? "udp" : "sctp");
        } else if (m.proto() == FilterMatch.PROTO_OTHER) {
            problems.add("protocol class other (flower matches one ip_proto)");
        } else if (r.entry().tcpFlags().mask() != 0) {
            sb.append(" ip_proto tcp");
        }
        prefix(sb, "src_ip", m.srcIp(), m.srcMask(), problems);
        prefix(sb, "dst_ip", m.dstIp(), m.dstMask(), problems);
        // flower's src_ip/dst_ip take IPv6 addresses under protocol ipv6 (tc-flower(8)).
        m.src6().ifPresent(a -> sb.append(" src_ip ").append(a));
        m.dst6().ifPresent(a -> sb.append(" dst_ip ").append(a));
        if (m.matchesAddress6(true) && m.src6().isEmpty() || m.matchesAddress6(false) && m.dst6().isEmpty()) {
            problems.add("a part of an IPv6 address");
        }
        port(sb, "src_port", m.srcPort(), m.srcPortMask(), problems);
        port(sb, "dst_port", m.dstPort(), m.dstPortMask(), problems);
        if (r.entry().tcpFlags().mask() != 0) {
            sb.append(" tcp_flags ").append(SteeringExport.tcpFlags(r.entry().tcpFlags()));
        }
        SteeringAction a = r.entry().action();
        if (a instanceof SteeringAction.ToQueue q) {
            // Receive queue selection in hardware: skbedit queue_mapping with skip_sw on the action (tc-skbedit(8)).
            sb.append(" action skbedit queue_mapping ").append(q.queue()).append(" skip_sw");
        } else if (a instanceof SteeringAction.Drop) {
            sb.append(" action drop");
        } else if (a instanceof SteeringAction.ToRss) {
            // Accepting ends classification; the packet takes the NIC's RSS like any unclaimed one.
            sb.append(" action pass");
        } else if (a instanceof SteeringAction.Mark mark) {
            sb.append(" action skbedit mark ").append(mark.value()).append(" continue");
        } else {
            problems.add("the action " + ExportRule.action(a));
        }
        if (!problems.isEmpty()) {
            e.cannot(r.describe() + ": tc flower cannot express " + String.join(", ", problems),
                    "left out, so its packets go on to the next rule or RSS");
            return Optional.empty();
        }
        return Optional.of(sb.toString());
    }

    private static void prefix(StringBuilder sb, String name, long value, long mask, List<String> problems) {
        if (mask == 0) {
            return;
        }
        int len = SteeringExport.prefixLength(mask);
        if (len < 0) {
            problems.add(name + " under a mask that is not a prefix");
            return;
        }
        sb.append(' ').append(name).append(' ').append(SteeringExport.ip(value)).append(len == 32 ? "" : "/" + len);
    }

    private static void port(StringBuilder sb, String name, int value, int mask, List<String> problems) {
        if (mask == 0) {
            return;
        }
        if (mask != 0xFFFF) {
            problems.add(name + " under a partial mask");
            return;
        }
        sb.append(' ').append(name).append(' ').append(value);
    }
}
