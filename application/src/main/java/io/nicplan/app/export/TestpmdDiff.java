package io.nicplan.app.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The testpmd commands that take a port from what one rte_flow export installed to what another would (docs/export.md
 * "Diff"). A rule is known by its priority and pattern. Rules for new matches are created first and rules whose match
 * the next plan drops are destroyed last, so a flow that gains or loses a rule always has one (the old, the new, or
 * the next rule or RSS the plan leaves it to). A rule whose match stays but whose actions change is destroyed and
 * created again in two adjacent commands: testpmd 22.11 has no command that changes a rule's actions, and the
 * flow-director and five-tuple tables of the ixgbe and i40e PMDs refuse a second rule with the same match, so for that
 * one update the flow takes the next rule or RSS. Rule numbers are those testpmd gave when the current export ran on a
 * port without other rules: 0, 1, ... in file order (port_flow_create: the newest rule's ID plus 1).
 */
final class TestpmdDiff {
    private static final Pattern CREATE = Pattern.compile("^flow create (\\d+) priority (\\d+) ingress pattern (.*?) / end "
            + "actions (.*) / end$");

    private TestpmdDiff() {
    }

    /** One rule: its command, the comment nicplan wrote before it, and the number testpmd gave it. */
    private record Rule(String key, String command, String annotation, int id) {
    }

    static String diff(String current, String next, LinuxDriver driver, int port) {
        Map<String, Rule> before = rules(current);
        Map<String, Rule> after = rules(next);
        List<String> create = new ArrayList<>();
        List<String> recreate = new ArrayList<>();
        List<String> destroy = new ArrayList<>();
        int created = 0;
        int changed = 0;
        for (Rule r : after.values()) {
            Rule old = before.get(r.key());
            if (old == null) {
                create.add(r.annotation());
                create.add(r.command());
                created++;
            } else if (!old.command().equals(r.command())) {
                recreate.add("flow destroy " + port + " rule " + old.id());
                recreate.add(r.annotation());
                recreate.add(r.command());
                changed++;
            }
        }
        for (Rule r : before.values()) {
            if (!after.containsKey(r.key())) {
                destroy.add("flow destroy " + port + " rule " + r.id());
            }
        }
        List<String> out = new ArrayList<>();
        out.add("# nicplan export --diff-from: " + driver.nic() + ", DPDK " + driver.dpdkDriver().orElse("(no driver)")
                + ", testpmd commands for port " + port + ": " + created + " rules created, " + changed + " destroyed and "
                + "created again with new actions, " + destroy.size() + " destroyed (docs/export.md)");
        out.addAll(settings(current, next));
        out.addAll(create);
        out.addAll(recreate);
        out.addAll(destroy);
        out.removeIf(String::isEmpty);
        return String.join("\n", out) + "\n";
    }

    /**
     * The next export's settings when they differ from the current's: the port stop/start block (queues, offloads)
     * whole, since testpmd configures them on a stopped port, then the RSS lines that differ.
     */
    private static List<String> settings(String current, String next) {
        List<String> block = block(next);
        List<String> out = new ArrayList<>(block.equals(block(current)) ? List.of() : block);
        List<String> rssBefore = rss(current);
        rss(next).stream().filter(l -> !rssBefore.contains(l)).forEach(out::add);
        return out;
    }

    private static List<String> block(String script) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : script.lines().toList()) {
            in |= line.startsWith("port stop ");
            if (in) {
                out.add(line);
            }
            if (line.startsWith("port start ")) {
                break;
            }
        }
        return out;
    }

    private static List<String> rss(String script) {
        return script.lines().filter(l -> l.startsWith("port config all rss ") || l.contains(" rss-hash-key ")
                || l.contains(" rss reta ")).toList();
    }

    private static Map<String, Rule> rules(String script) {
        Map<String, Rule> m = new LinkedHashMap<>();
        String annotation = "";
        int id = 0;
        for (String line : script.lines().toList()) {
            Matcher x = CREATE.matcher(line);
            if (line.startsWith("# C-node ")) {
                annotation = line;
            } else if (x.matches()) {
                String key = x.group(2) + " " + x.group(3);
                m.put(key, new Rule(key, line, annotation, id++));
                annotation = "";
            }
        }
        return m;
    }
}
