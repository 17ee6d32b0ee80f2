package io.nicplan.app.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.app.Samples;
import io.nicplan.app.nic.Nics;
import io.nicplan.app.plan.PlanChange;
import io.nicplan.app.plan.PlanProblem;
import io.nicplan.app.plan.Plans;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.state.Flow;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.optimizer.Strategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A diff export between two plans of the incremental re-planner, in every format, carried out command by command on a
 * simulated rule table (ethtool: rules by location; tc: filters by prio and handle, the kernel's numbering; rte_flow:
 * rules by testpmd's numbering, lower priority first, then the older rule): the diff touches only the rules that
 * changed, ends where the whole next export would, and after every command every flow is on its old or its new queue,
 * never without a rule (rte_flow: except right after the destroy of a rule that is created again with new actions,
 * which the next command does: docs/export.md "Diff").
 */
class DiffOrderTest {
    private static final DataflowGraph X710 = Nics.shippedGraph("intel-x710");
    private static Configuration before;
    private static Configuration after;

    @BeforeAll
    static void twoPlansOfTheReplanner() {
        ProtocolState state = Samples.demoState(7);
        Plans.Prepared prepared = Plans.prepare(PlanProblem.of(X710, state, Samples.demoCost()).withStrategy(Strategy.GREEDY)
                .withQueues(OptionalInt.of(10)).withExplain(false));
        var plan = prepared.plan();
        // Ten flows end, and the re-planner moves what it moves to keep the queues balanced.
        List<Flow> fewer = new ArrayList<>(state.flows().subList(0, state.flows().size() - 10));
        PlanChange change = Plans.replan(prepared, plan, state.withFlows(fewer));
        before = new Configuration(plan.configuration());
        after = new Configuration(change.plan().configuration());
        // The flows of queues 0 and 1 end: the re-planner moves flows into the emptied queues.
        java.util.Set<String> onTwoQueues = new HashSet<>();
        plan.placements().stream().filter(p -> p.queue() <= 1).forEach(p -> onTwoQueues.add(p.flow()));
        List<Flow> rest = state.flows().stream().filter(f -> !onTwoQueues.contains(f.id())).toList();
        emptied = new Configuration(Plans.replan(prepared, plan, state.withFlows(rest)).plan().configuration());
    }

    private static Configuration emptied;

    /**
     * {@code c} with the first {@code n} flow-director entries on the next queue: the re-planner's changes above move no
     * flow (its churn term keeps them), so moved flows (rules rewritten, replaced or created again) are made here.
     */
    private static Configuration moved(Configuration c, int n) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode)
                    json.readTree(io.nicplan.embed.config.ConfigurationJson.write(c, X710));
            for (int i = 0; i < n; i++) {
                com.fasterxml.jackson.databind.node.ObjectNode e = (com.fasterxml.jackson.databind.node.ObjectNode)
                        o.get("FlowDirector").get(i);
                e.put("queue", (e.get("queue").asInt() + 1) % 10);
            }
            return io.nicplan.app.embed.Embeddings.readConfiguration(X710, o.toString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The fields a rule matches; -1 for a field it leaves out. */
    record Match(int proto, long src, int srcLen, long dst, int dstLen, int sport, int dport) {
        boolean covers(Match flow) {
            return (proto < 0 || proto == flow.proto) && prefix(src, srcLen, flow.src) && prefix(dst, dstLen, flow.dst)
                    && (sport < 0 || sport == flow.sport) && (dport < 0 || dport == flow.dport);
        }

        boolean exact() {
            return proto >= 0 && srcLen == 32 && dstLen == 32 && sport >= 0 && dport >= 0;
        }

        private static boolean prefix(long value, int len, long of) {
            long mask = len == 0 ? 0 : (0xFFFF_FFFFL << (32 - len)) & 0xFFFF_FFFFL;
            return (value & mask) == (of & mask);
        }
    }

    private record Rule(int precedence, long order, Match match, int queue) {
    }

    /** A NIC's rule table under one format's commands. */
    static final class Table {
        private final ExportFormat format;
        /** By location (ethtool), "prio/handle" (tc) or rule number (rte_flow). */
        private final Map<String, Rule> rules = new LinkedHashMap<>();
        private long order;
        private int newestRteFlowRule = -1;

        Table(ExportFormat format) {
            this.format = format;
        }

        /** Carries out one line; returns the match it touched, if it touched a rule. */
        Optional<Match> apply(String line) {
            List<String> w = List.of(line.trim().split("\\s+"));
            if (format == ExportFormat.ETHTOOL && line.startsWith("ethtool -N ") && w.get(3).equals("delete")) {
                return Optional.of(rules.remove(w.get(4)).match());
            } else if (format == ExportFormat.ETHTOOL && line.startsWith("ethtool -N ") && w.get(3).equals("flow-type")) {
                String loc = w.get(w.indexOf("loc") + 1);
                Rule r = new Rule(Integer.parseInt(loc), order++, match(line), Integer.parseInt(w.get(w.indexOf("action") + 1)));
                rules.put(loc, r);
                return Optional.of(r.match());
            } else if (format == ExportFormat.TC && line.startsWith("tc filter ")) {
                int prio = Integer.parseInt(w.get(w.indexOf("prio") + 1));
                if (w.get(2).equals("del")) {
                    return Optional.of(rules.remove(prio + "/" + w.get(w.indexOf("handle") + 1)).match());
                }
                String handle;
                if (w.get(2).equals("replace")) {
                    handle = w.get(w.indexOf("handle") + 1);
                } else {
                    int h = 1;
                    while (rules.containsKey(prio + "/" + h)) {
                        h++;
                    }
                    handle = Integer.toString(h);
                }
                Rule r = new Rule(prio, order++, match(line), Integer.parseInt(w.get(w.indexOf("queue_mapping") + 1)));
                rules.put(prio + "/" + handle, r);
                return Optional.of(r.match());
            } else if (format == ExportFormat.RTE_FLOW && line.startsWith("flow destroy ")) {
                Rule gone = rules.remove(w.get(4));
                newestRteFlowRule = rules.keySet().stream().mapToInt(Integer::parseInt).max().orElse(-1);
                return Optional.of(gone.match());
            } else if (format == ExportFormat.RTE_FLOW && line.startsWith("flow create ")) {
                // testpmd: the newest rule's number plus 1 (rules are created in increasing numbers, so the newest is the largest).
                int id = newestRteFlowRule + 1;
                newestRteFlowRule = id;
                Rule r = new Rule(Integer.parseInt(w.get(w.indexOf("priority") + 1)), order++, match(line),
                        Integer.parseInt(w.get(w.indexOf("index") + 1)));
                rules.put(Integer.toString(id), r);
                return Optional.of(r.match());
            }
            return Optional.empty();
        }

        /** The queue the winning rule sends {@code flow} to, if a rule matches it. */
        Optional<Integer> queue(Match flow) {
            return rules.values().stream().filter(r -> r.match().covers(flow))
                    .min((a, b) -> a.precedence() != b.precedence() ? Integer.compare(a.precedence(), b.precedence())
                            : Long.compare(a.order(), b.order()))
                    .map(Rule::queue);
        }

        Map<Match, Integer> state() {
            Map<Match, Integer> m = new LinkedHashMap<>();
            rules.values().forEach(r -> m.put(r.match(), r.queue()));
            return m;
        }
    }

    private static final Pattern IP = Pattern.compile("(?:src-ip|dst-ip|src_ip|dst_ip|src is|dst is) (\\d+\\.\\d+\\.\\d+\\.\\d+)(?:/(\\d+))?");

    /** The match of an ethtool, tc or testpmd rule line (the shapes the exports write for IPv4 TCP/UDP rules). */
    static Match match(String line) {
        int proto = line.matches(".*(\\btcp4|ip_proto tcp|/ tcp)\\b.*") ? 6 : line.matches(".*(\\budp4|ip_proto udp|/ udp)\\b.*") ? 17 : -1;
        long[] ip = {-1, -1};
        int[] len = {0, 0};
        String l3 = line.contains("/ ipv4") ? line.substring(line.indexOf("/ ipv4"), line.indexOf(" / ", line.indexOf("/ ipv4") + 1))
                : line;
        Matcher m = IP.matcher(l3);
        while (m.find()) {
            int which = m.group().startsWith("src") ? 0 : 1;
            ip[which] = io.nicplan.net.Ipv4Address.parse(m.group(1)).value();
            len[which] = m.group(2) == null ? 32 : Integer.parseInt(m.group(2));
        }
        String l4 = line.contains("/ ipv4") ? line.substring(line.indexOf(" / ", line.indexOf("/ ipv4") + 1)) : line;
        return new Match(proto, Math.max(ip[0], 0), len[0], Math.max(ip[1], 0), len[1], port(l4, "src"), port(l4, "dst"));
    }

    private static int port(String text, String side) {
        Matcher m = Pattern.compile("\\b" + side + "(?:-port|_port| is) (\\d+)\\b(?!\\.)").matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static Table run(ExportFormat format, String script) {
        Table t = new Table(format);
        script.lines().forEach(t::apply);
        return t;
    }

    private static void check(ExportFormat format, Configuration from, Configuration to) {
        // Best effort: the greedy plans' RSS tables are no `equal N` for ethtool -X; the rules are exported exactly.
        ExportOptions options = ExportOptions.defaults().withBestEffort(true);
        String current = Exports.export(X710, from, format, options).text();
        String whole = Exports.export(X710, to, format, options).text();
        String diff = Exports.diff(X710, from, to, format, options).text();
        System.out.println(diff.lines().filter(l -> l.startsWith("# nicplan export --diff-from")).findFirst().orElse(""));
        Table table = run(format, current);
        Map<Match, Integer> was = table.state();
        Map<Match, Integer> will = run(format, whole).state();
        Set<Match> flows = new HashSet<>(was.keySet());
        flows.addAll(will.keySet());
        flows.removeIf(f -> !f.exact());
        Set<Match> changed = new HashSet<>();
        flows.forEach(f -> {
            if (!java.util.Objects.equals(was.get(f), will.get(f))) {
                changed.add(f);
            }
        });
        Set<Match> touched = new HashSet<>();
        // Comment lines are no commands: testpmd and sh skip them.
        List<String> lines = diff.lines().filter(l -> !l.startsWith("#")).toList();
        Match withoutRule = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            table.apply(line).ifPresent(touched::add);
            if (withoutRule != null) {
                assertThat(table.queue(withoutRule)).as(format + ": " + withoutRule + " still without a rule after " + line).isPresent();
                withoutRule = null;
            }
            for (Match f : flows) {
                Optional<Integer> q = table.queue(f);
                Integer old = was.get(f);
                Integer next = will.get(f);
                if (q.isEmpty() && old != null && next != null) {
                    // Only rte_flow leaves a flow without its rule, for the one command after a destroy that is then created again.
                    assertThat(format).as(f + " without a rule after " + line).isEqualTo(ExportFormat.RTE_FLOW);
                    assertThat(line).startsWith("flow destroy ");
                    assertThat(lines.get(i + 1)).startsWith("flow create ");
                    withoutRule = f;
                } else if (q.isPresent()) {
                    assertThat(q.get()).as(format + ": " + f + " after " + line).isIn(old, next);
                }
            }
        }
        assertThat(table.state()).as(format + ": the diff ends where the whole export does").isEqualTo(will);
        assertThat(touched).as(format + ": the diff touches only the rules that changed").isEqualTo(changed);
        assertThat(changed.size()).as(format + ": something changed, less than everything").isPositive().isLessThan(flows.size());
    }

    @Test
    void everyFormatsDiffTouchesOnlyChangedRulesAndLeavesNoFlowWithoutOne() {
        for (ExportFormat format : ExportFormat.values()) {
            check(format, before, after);
            // And back: the flows that ended come again (rules created), the moved ones move back.
            check(format, after, before);
            check(format, before, emptied);
            check(format, after, moved(before, 5));
        }
    }
}
