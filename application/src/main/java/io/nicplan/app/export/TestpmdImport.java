package io.nicplan.app.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.InputException;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.net.Ipv4Address;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a DPDK port has installed, read from testpmd's texts (docs/export.md "Import"): {@code flow list P} says which
 * rules are installed, with their ID, group, priority and the names of their pattern items and actions, but not
 * the items' values (app/test-pmd/config.c port_flow_list prints {@code ID\tGroup\tPrio\tAttr\tRule} and then per rule
 * {@code 0\t0\t2\ti--\tETH IPV4 UDP => QUEUE}). The values come from the commands that created the rules, replayed
 * with testpmd's own numbering (port_flow_create: a new rule's ID is the newest listed rule's ID plus 1, or 0); every
 * listed rule must be the replayed rule with its ID, group, priority, items and actions, and every replayed rule must
 * be listed, else the texts disagree and the import names the rule.
 */
final class TestpmdImport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PROMPT = Pattern.compile("^(?:testpmd> )+");
    private static final Pattern LIST_ROW = Pattern.compile("^(\\d+)\\t(\\d+)\\t(\\d+)\\t([i-][e-][t-])\\t(.*?)=>(.*)$");
    private static final Pattern CREATE = Pattern.compile("^flow create (\\d+) (?:group (\\d+) )?(?:priority (\\d+) )?"
            + "ingress pattern (.*?) ?/ end actions (.*?) ?/ end$");
    private static final Pattern DESTROY = Pattern.compile("^flow destroy (\\d+)((?: rule \\d+)+)$");
    private static final Pattern FLUSH = Pattern.compile("^flow flush (\\d+)$");
    private static final Pattern ANNOTATION = Pattern.compile("^# C-node (\\S+) entry \\d+(?: priority (\\d+))?$");
    private static final Pattern RXQ = Pattern.compile("^port config all rxq (\\d+)$");
    private static final Pattern RX_CHECKSUM = Pattern.compile("^port config (\\d+) rx_offload ipv4_cksum (on|off)$");
    private static final Pattern KEY_COMMAND = Pattern.compile("^port config (\\d+) rss-hash-key ipv4 ([0-9a-fA-F]+)$");
    private static final Pattern FIELD = Pattern.compile("(src|dst|type|flags) (?:is (\\S+)|spec (\\S+) \\1 mask (\\S+))");

    private TestpmdImport() {
    }

    /** One rule testpmd holds: its number, attributes, pattern and actions, and the C-node nicplan's export wrote it for. */
    record Rule(int id, int group, int priority, List<Item> items, List<String> actions, Optional<String> cnode,
                Optional<Integer> entryPriority, String where) {
        /** The names {@code flow list} prints: {@code ETH IPV4 UDP => QUEUE}. */
        String listed() {
            StringBuilder sb = new StringBuilder();
            items.forEach(i -> sb.append(i.name().toUpperCase(java.util.Locale.ROOT)).append(' '));
            sb.append("=>");
            actions.forEach(a -> sb.append(' ').append(a.split(" ")[0].toUpperCase(java.util.Locale.ROOT)));
            return sb.toString();
        }
    }

    /** A pattern item: {@code ipv4} and its fields ({@code src} to value and mask, {@code null} mask for {@code is}). */
    record Item(String name, Map<String, String[]> fields) {
    }

    /** What the commands set besides the rules: the receive queues, checksum offload and the key. */
    record Settings(Optional<Integer> rxQueues, Optional<Boolean> rxChecksum, Optional<byte[]> key) {
    }

    /** The rules installed on {@code port}: the commands replayed as testpmd numbers them, checked against {@code flow list}. */
    static List<Rule> installed(String flowList, String commands, int port) {
        Map<Integer, Rule> replayed = replay(commands, port);
        List<Rule> out = new ArrayList<>();
        String[] lines = flowList.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LIST_ROW.matcher(PROMPT.matcher(lines[i]).replaceFirst(""));
            if (!m.matches()) {
                continue;
            }
            String where = "line " + (i + 1);
            int id = Integer.parseInt(m.group(1));
            Rule r = replayed.remove(id);
            String listed = m.group(5) + "=>" + m.group(6);
            if (r == null) {
                throw new InputException("testpmd flow list", where, "rule #" + id + " (" + listed.strip() + ") was not created "
                        + "by the commands given; flow list prints no item values, so its match cannot be read");
            }
            if (r.group() != Integer.parseInt(m.group(2)) || r.priority() != Integer.parseInt(m.group(3))
                    || !m.group(4).equals("i--") || !r.listed().equals(listed.strip())) {
                throw new InputException("testpmd flow list", where, "rule #" + id + " is group " + m.group(2) + " priority "
                        + m.group(3) + " " + m.group(4) + " " + listed.strip() + ", but the command that testpmd numbered #" + id
                        + " (commands " + r.where() + ") is group " + r.group() + " priority " + r.priority() + " i-- "
                        + r.listed() + ": the commands are not the ones run on the port");
            }
            out.add(r);
        }
        if (!replayed.isEmpty()) {
            Rule first = replayed.values().iterator().next();
            throw new InputException("testpmd commands", first.where(), "rule #" + first.id() + " (" + first.listed() + ") is "
                    + "not in the flow list: it was destroyed by a command not given, or a create failed and testpmd numbered "
                    + "the later rules differently (" + replayed.size() + " such rule(s))");
        }
        return out;
    }

    /** The flow rules of {@code port} after every {@code flow create/destroy/flush} of {@code commands}, by ID. */
    static Map<Integer, Rule> replay(String commands, int port) {
        // testpmd keeps the newest rule first (port_flow_create prepends it); a new ID is that rule's ID plus 1.
        LinkedHashMap<Integer, Rule> live = new LinkedHashMap<>();
        Optional<String> cnode = Optional.empty();
        Optional<Integer> entryPriority = Optional.empty();
        String[] lines = commands.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = PROMPT.matcher(lines[i].strip()).replaceFirst("");
            String where = "line " + (i + 1);
            Matcher a = ANNOTATION.matcher(line);
            if (a.matches()) {
                cnode = Optional.of(a.group(1));
                entryPriority = Optional.ofNullable(a.group(2)).map(Integer::parseInt);
                continue;
            }
            Matcher c = CREATE.matcher(line);
            Matcher d = DESTROY.matcher(line);
            Matcher f = FLUSH.matcher(line);
            if (c.matches() && Integer.parseInt(c.group(1)) == port) {
                int id = live.isEmpty() ? 0 : newest(live) + 1;
                live.put(id, new Rule(id, c.group(2) == null ? 0 : Integer.parseInt(c.group(2)),
                        c.group(3) == null ? 0 : Integer.parseInt(c.group(3)), items(c.group(4), where), actions(c.group(5)),
                        cnode, entryPriority, where));
                cnode = Optional.empty();
                entryPriority = Optional.empty();
            } else if (d.matches() && Integer.parseInt(d.group(1)) == port) {
                for (String id : d.group(2).trim().split(" rule |rule ")) {
                    if (!id.isBlank()) {
                        live.remove(Integer.parseInt(id.trim()));
                    }
                }
            } else if (f.matches() && Integer.parseInt(f.group(1)) == port) {
                live.clear();
            } else if (line.startsWith("flow create ")) {
                throw new InputException("testpmd commands", where, "a flow create nicplan cannot read (an ingress rule "
                        + "`flow create P [group G] [priority N] ingress pattern ... / end actions ... / end`)");
            }
        }
        return live;
    }

    private static int newest(LinkedHashMap<Integer, Rule> live) {
        int last = -1;
        for (int id : live.keySet()) {
            last = id;
        }
        return last;
    }

    private static List<Item> items(String pattern, String where) {
        List<Item> items = new ArrayList<>();
        for (String part : pattern.split(" / ")) {
            String[] words = part.strip().split(" ", 2);
            Map<String, String[]> fields = new LinkedHashMap<>();
            if (words.length > 1) {
                Matcher m = FIELD.matcher(words[1]);
                int end = 0;
                while (m.find()) {
                    if (!words[1].substring(end, m.start()).isBlank()) {
                        break;
                    }
                    fields.put(m.group(1), m.group(2) != null ? new String[] {m.group(2), null} : new String[] {m.group(3), m.group(4)});
                    end = m.end();
                }
                if (!words[1].substring(end).isBlank()) {
                    throw new InputException("testpmd commands", where, "item '" + part.strip() + "': nicplan reads src, dst, "
                            + "type and flags given with `is` or `spec ... mask ...`");
                }
            }
            items.add(new Item(words[0], fields));
        }
        return items;
    }

    private static List<String> actions(String text) {
        List<String> out = new ArrayList<>();
        for (String a : text.split(" / ")) {
            out.add(a.strip());
        }
        return out;
    }

    /** Queues, checksum offload and key as the commands last set them for {@code port}. */
    static Settings settings(String commands, int port) {
        Optional<Integer> rxq = Optional.empty();
        Optional<Boolean> checksum = Optional.empty();
        Optional<byte[]> key = Optional.empty();
        for (String raw : commands.split("\\R")) {
            String line = PROMPT.matcher(raw.strip()).replaceFirst("");
            Matcher q = RXQ.matcher(line);
            Matcher c = RX_CHECKSUM.matcher(line);
            Matcher k = KEY_COMMAND.matcher(line);
            if (q.matches()) {
                rxq = Optional.of(Integer.parseInt(q.group(1)));
            } else if (c.matches() && Integer.parseInt(c.group(1)) == port) {
                checksum = Optional.of(c.group(2).equals("on"));
            } else if (k.matches() && Integer.parseInt(k.group(1)) == port && k.group(2).length() % 2 == 0) {
                key = Optional.of(HexFormat.of().parseHex(k.group(2)));
            }
        }
        return new Settings(rxq, checksum, key);
    }

    /**
     * The rules as entries of the NIC's C-nodes: the C-node nicplan's export named in the comment before each rule,
     * else the first table in steering order, at or after the previous rule's, whose function takes the rule's shape
     * and whose entries the driver's PMD installs (rules are read in priority order, as the export wrote them).
     */
    static Map<String, ArrayNode> entries(DataflowGraph prg, LinuxDriver driver, List<Rule> rules) {
        List<Node> tables = new ArrayList<>();
        for (Node n : prg.nodes()) {
            n.config().filter(c -> driver.rteFlowReach().contains(c.function())).ifPresent(c -> tables.add(n));
        }
        Map<String, ArrayNode> out = new LinkedHashMap<>();
        int at = 0;
        for (Rule r : rules) {
            String node;
            if (r.cnode().isPresent()) {
                node = r.cnode().get();
            } else {
                int found = -1;
                for (int t = at; t < tables.size() && found < 0; t++) {
                    if (takes(tables.get(t).config().orElseThrow().function(), r)) {
                        found = t;
                    }
                }
                if (found < 0) {
                    throw new InputException("testpmd commands", r.where(), "rule #" + r.id() + " (" + r.listed() + ") fits no "
                            + "table of " + prg.name() + " that " + driver.dpdkDriver().orElse("its PMD") + " installs rte_flow "
                            + "rules in, after the previous rule's");
                }
                at = found;
                node = tables.get(found).id();
            }
            String function = prg.node(node).flatMap(Node::config).map(c -> c.function()).orElseThrow(() ->
                    new InputException("testpmd commands", r.where(), prg.name() + " has no C-node " + node));
            out.computeIfAbsent(node, k -> JSON.createArrayNode()).add(entry(function, r));
        }
        return out;
    }

    private static Optional<Item> item(Rule r, String... names) {
        return r.items().stream().filter(i -> List.of(names).contains(i.name())).findFirst();
    }

    private static boolean takes(String function, Rule r) {
        Optional<Item> ipv4 = item(r, "ipv4");
        Optional<Item> l4 = item(r, "tcp", "udp", "sctp");
        boolean flags = l4.map(i -> i.fields().containsKey("flags")).orElse(false);
        switch (function) {
            case "ethertype":
                return ipv4.isEmpty() && item(r, "eth").map(i -> i.fields().containsKey("type")).orElse(false);
            case "syn":
                return flags;
            case "fdir":
                return !flags && ipv4.isPresent() && l4.isPresent() && exact(ipv4.get(), "src") && exact(ipv4.get(), "dst")
                        && exact(l4.get(), "src") && exact(l4.get(), "dst");
            case "fivetuple":
                return !flags && ipv4.isPresent();
            default:
                return false;
        }
    }

    private static boolean exact(Item i, String field) {
        String[] f = i.fields().get(field);
        return f != null && f[1] == null;
    }

    /** The rule as one entry of a {@code function} C-node's value (docs/formats.md "Plan"). */
    private static com.fasterxml.jackson.databind.JsonNode entry(String function, Rule r) {
        String first = r.actions().get(0);
        Matcher q = Pattern.compile("^queue index (\\d+)$").matcher(first);
        if (r.actions().size() != 1 || !q.matches()) {
            throw new InputException("testpmd commands", r.where(), "rule #" + r.id() + " actions '" + String.join(" / ",
                    r.actions()) + "': nicplan's " + function + " filters steer to one queue");
        }
        int queue = Integer.parseInt(q.group(1));
        if (function.equals("syn")) {
            return JSON.getNodeFactory().numberNode(queue);
        }
        ObjectNode e = JSON.createObjectNode();
        if (function.equals("ethertype")) {
            e.put("eth_type", Long.decode(item(r, "eth").orElseThrow().fields().get("type")[0]));
            e.put("queue", queue);
            return e;
        }
        Optional<Item> l4 = item(r, "tcp", "udp", "sctp");
        l4.ifPresent(i -> e.put("proto", i.name()));
        item(r, "ipv4").ifPresent(i -> {
            address(e, "src_ip", i, "src", r);
            address(e, "dst_ip", i, "dst", r);
        });
        l4.ifPresent(i -> {
            port(e, "src_port", i, "src", r);
            port(e, "dst_port", i, "dst", r);
        });
        if (function.equals("fivetuple")) {
            // docs/formats.md "Plan": the export's comment carries the filter's priority; without it, 1 + its given fields.
            e.put("priority", r.entryPriority().orElse(Math.min(7, 1 + e.size())));
        }
        e.put("queue", queue);
        return e;
    }

    private static void address(ObjectNode e, String key, Item i, String field, Rule r) {
        String[] f = i.fields().get(field);
        if (f == null) {
            return;
        }
        if (f[1] != null && Ipv4Address.parse(f[1]).value() != 0xFFFF_FFFFL) {
            throw new InputException("testpmd commands", r.where(), "rule #" + r.id() + " ipv4 " + field + " " + f[0] + " under "
                    + "mask " + f[1] + ": nicplan's filters match an address whole or not at all");
        }
        e.put(key, Ipv4Address.parse(f[0]).value());
    }

    private static void port(ObjectNode e, String key, Item i, String field, Rule r) {
        String[] f = i.fields().get(field);
        if (f == null) {
            return;
        }
        if (f[1] != null && Long.decode(f[1]) != 0xFFFF) {
            throw new InputException("testpmd commands", r.where(), "rule #" + r.id() + " " + i.name() + " " + field + " " + f[0]
                    + " under mask " + f[1] + ": nicplan's filters match a port whole or not at all");
        }
        e.put(key, Integer.parseInt(f[0]));
    }
}
