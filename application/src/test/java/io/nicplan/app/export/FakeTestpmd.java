package io.nicplan.app.export;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A testpmd port that keeps flow rules, which net_null does not: it carries out the {@code flow create/destroy/flush},
 * {@code rss reta} and {@code rss-hash-key} commands an export writes and prints {@code flow list}, {@code show port P
 * rss reta} and {@code show port P rss-hash key} in testpmd 22.11's formats, taken from its source
 * (app/test-pmd/config.c: port_flow_create numbers a rule as the newest rule's ID plus 1, or 0; port_flow_list prints
 * {@code ID\tGroup\tPrio\tAttr\tRule} and one row per rule sorted by group, priority and ID, each item name followed
 * by a space, then {@code =>} and a space before each action name; port_rss_reta_info prints
 * {@code RSS RETA configuration: hash index=%u, queue=%u}; port_rss_hash_conf_show prints {@code RSS functions:},
 * the types, {@code RSS key:} and the key as %02X bytes). The RETA format is also checked against the real testpmd
 * in RealToolsExportTest; the flow-list format only here, since no PMD that runs without hardware keeps rules.
 */
final class FakeTestpmd {
    private static final Pattern CREATE = Pattern.compile("^flow create (\\d+) (?:priority (\\d+) )?ingress pattern (.*) / end "
            + "actions (.*) / end$");
    private static final Pattern DESTROY = Pattern.compile("^flow destroy (\\d+) rule (\\d+)$");
    private static final Pattern RETA = Pattern.compile("\\((\\d+),(\\d+)\\)");

    private record Rule(int id, int priority, String listed) {
    }

    private final int port;
    /** Newest first, as testpmd keeps them. */
    private final List<Rule> rules = new ArrayList<>();
    private final int[] reta;
    private byte[] key = HexFormat.of().parseHex("6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa");
    /** Every answer testpmd would print, in order. */
    private final StringBuilder session = new StringBuilder();

    FakeTestpmd(int port, int retaSize) {
        this.port = port;
        this.reta = new int[retaSize];
    }

    /** Carries out {@code commands} (a testpmd command file); lines it does not model are skipped as testpmd's others. */
    FakeTestpmd run(String commands) {
        for (String line : commands.lines().map(String::strip).toList()) {
            Matcher c = CREATE.matcher(line);
            Matcher d = DESTROY.matcher(line);
            if (c.matches() && Integer.parseInt(c.group(1)) == port) {
                int id = rules.isEmpty() ? 0 : rules.get(0).id() + 1;
                rules.add(0, new Rule(id, c.group(2) == null ? 0 : Integer.parseInt(c.group(2)), listed(c.group(3), c.group(4))));
                session.append("Flow rule #").append(id).append(" created\n");
            } else if (d.matches() && Integer.parseInt(d.group(1)) == port) {
                int id = Integer.parseInt(d.group(2));
                if (!rules.removeIf(r -> r.id() == id)) {
                    throw new AssertionError("no rule #" + id + " to destroy: " + line);
                }
                session.append("Flow rule #").append(id).append(" destroyed\n");
            } else if (line.equals("flow flush " + port)) {
                rules.clear();
            } else if (line.startsWith("port config " + port + " rss reta ")) {
                Matcher m = RETA.matcher(line);
                while (m.find()) {
                    reta[Integer.parseInt(m.group(1))] = Integer.parseInt(m.group(2));
                }
            } else if (line.startsWith("port config " + port + " rss-hash-key ipv4 ")) {
                key = HexFormat.of().parseHex(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return this;
    }

    /** {@code ETH IPV4 UDP => QUEUE}: item and action names as rte_flow_conv's ITEM_NAME_PTR / ACTION_NAME_PTR give them. */
    private static String listed(String pattern, String actions) {
        StringBuilder sb = new StringBuilder();
        for (String item : pattern.split(" / ")) {
            sb.append(item.strip().split(" ")[0].toUpperCase(Locale.ROOT)).append(' ');
        }
        sb.append("=>");
        for (String action : actions.split(" / ")) {
            sb.append(' ').append(action.strip().split(" ")[0].toUpperCase(Locale.ROOT));
        }
        return sb.toString();
    }

    /** What {@code flow list P} prints: nothing without rules, else the header and one row per rule. */
    String flowList() {
        if (rules.isEmpty()) {
            return "";
        }
        List<Rule> sorted = new ArrayList<>(rules);
        sorted.sort((a, b) -> a.priority() != b.priority() ? Integer.compare(a.priority(), b.priority()) : Integer.compare(a.id(), b.id()));
        StringBuilder sb = new StringBuilder("ID\tGroup\tPrio\tAttr\tRule\n");
        for (Rule r : sorted) {
            sb.append(r.id()).append("\t0\t").append(r.priority()).append("\ti--\t").append(r.listed()).append('\n');
        }
        return sb.toString();
    }

    /** What {@code show port P rss reta SIZE (all ones)} prints. */
    String retaText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < reta.length; i++) {
            sb.append("RSS RETA configuration: hash index=").append(i).append(", queue=").append(reta[i]).append('\n');
        }
        return sb.toString();
    }

    /** What {@code show port P rss-hash key} prints after {@code port config all rss all}. */
    String keyText() {
        StringBuilder sb = new StringBuilder("RSS functions:\n ipv4 ipv4-frag ipv4-tcp ipv4-udp ipv4-sctp ipv4-other \nRSS key:\n");
        for (byte b : key) {
            sb.append(String.format("%02X", b & 0xFF));
        }
        return sb.append('\n').toString();
    }

    /** testpmd's answers so far ({@code Flow rule #N created}). */
    String session() {
        return session.toString();
    }
}
