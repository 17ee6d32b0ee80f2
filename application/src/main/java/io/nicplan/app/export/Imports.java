package io.nicplan.app.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.app.InputException;
import io.nicplan.app.embed.Embeddings;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.config.ConfigurationJson;
import io.nicplan.embed.expand.RssFunction;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.Ipv6Address;
import io.nicplan.net.Toeplitz;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a NIC has installed, read from the text {@code ethtool -n DEV} (ntuple rules), {@code ethtool -x DEV}
 * (RSS table and key), {@code ethtool -l DEV} (channels) and {@code ethtool -k DEV} (checksum offload, and TSO and transmit
 * checksums where the NIC declares them) print, and from testpmd's
 * {@code show port P rss reta ...}, into a nicplan {@link Configuration} of the NIC's description
 * (docs/export.md "Import"). The formats are ethtool's (rxclass.c rxclass_print_nfc_rule, ethtool.c
 * dump_rxfhash and do_gchannels): ntuple masks are printed as the bits ignored, as {@code -N} takes them.
 * ethtool prints no hash fields with {@code -x}; they come from {@code -n DEV rx-flow-hash T} for tcp4, udp4, tcp6 and
 * udp6 ({@link #hashName}) and, without those texts, the import assumes the exporter's {@code ipv4_l4}.
 */
public final class Imports {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILTER = Pattern.compile("^Filter: (\\d+)\\s*$");
    /** ethtool's rule types (rxclass.c rxclass_print_nfc_rule): protocol (none for "Raw") over IPv4 or IPv6. */
    private static final Pattern RULE_TYPE = Pattern.compile("^(?:(TCP|UDP|SCTP) over|Raw) IPv([46])$");
    private static final Pattern FIELD = Pattern.compile("^\\s+([A-Za-z ]+?): (\\S+)(?: mask: (\\S+))?\\s*$");
    private static final Pattern RETA_LINE = Pattern.compile("^\\s*(\\d+):((?:\\s+\\d+)+)\\s*$");
    /** ethtool.c dump_rxfhash's first line for a TCP or UDP flow type. */
    private static final Pattern FLOW_HASH_HEADER = Pattern.compile("^(TCP|UDP) over IPV([46]) flows use these fields");
    private static final Pattern TESTPMD_RETA = Pattern.compile("hash index=(\\d+), queue=(\\d+)");
    private static final Pattern TESTPMD_KEY = Pattern.compile("(?m)^RSS key:\\R([0-9A-Fa-f]+)\\s*$");
    private static final Pattern TESTPMD_FUNCTIONS = Pattern.compile("(?m)^RSS functions:\\R(.*)$");
    private static final Pattern QUEUE_ACTION = Pattern.compile("^Action: Direct to queue (\\d+)$");
    private static final Pattern RX_CHECKSUM = Pattern.compile("(?m)^rx-checksumming: (on|off)");
    private static final Pattern TX_CHECKSUM = Pattern.compile("(?m)^tx-checksumming: (on|off)");
    private static final Pattern TSO = Pattern.compile("(?m)^tcp-segmentation-offload: (on|off)");
    /** TSO of TCP over IPv4 itself (NETIF_F_TSO); the line above is on when any TCP segmentation feature is. */
    private static final Pattern TSO_IPV4 = Pattern.compile("(?m)^\\s+tx-tcp-segmentation: (on|off)");
    private static final Pattern COMBINED = Pattern.compile("^Combined:\\s+(\\d+)\\s*$");

    private Imports() {
    }

    /**
     * The texts of one device: {@code ethtool -n}, {@code -x}, and optionally {@code -l} (else the queues are left
     * unconfigured) and {@code -k} (its {@code rx-checksumming} line sets checksum offload, its
     * {@code tcp-segmentation-offload} and {@code tx-checksumming} lines the transmit offloads).
     */
    public record EthtoolTexts(String ntuple, String rss, Optional<String> channels, Optional<String> features,
                               Optional<String> flowHash) {
        /** Without the flow-hash texts: the hash is the exporter's {@code ipv4_l4}. */
        public EthtoolTexts(String ntuple, String rss, Optional<String> channels, Optional<String> features) {
            this(ntuple, rss, channels, features, Optional.empty());
        }
    }

    /**
     * The configuration ethtool's outputs describe.
     *
     * @throws InputException naming the text and line that cannot be read or does not fit the NIC
     * @throws UnexpressiblePlanException when the NIC has no Linux driver nicplan knows
     */
    public static Configuration read(DataflowGraph prg, EthtoolTexts texts) {
        LinuxDriver driver = Exports.driver(prg);
        ObjectNode config = JSON.createObjectNode();
        List<ObjectNode> rules = ntuple(texts.ntuple(), driver, driver.ntupleFunction().map(f -> hasPriorities(prg, f)).orElse(false));
        if (!rules.isEmpty()) {
            String node = cnode(prg, driver.ntupleFunction().orElseThrow(() -> new InputException("ethtool -n output", "",
                    driver.driver() + " has no ntuple rules, but the text lists " + rules.size())));
            ArrayNode list = config.putArray(node);
            rules.forEach(list::add);
        }
        Reta reta = rss(texts.rss());
        if (!reta.table.isEmpty()) {
            ObjectNode rss = config.putObject(cnode(prg, "rss"));
            rss.put("hash", texts.flowHash().map(Imports::hashName).orElse("ipv4_l4"));
            if (reta.key.isPresent() && !Arrays.equals(reta.key.get(), standardKey(prg))) {
                rss.put("key", SteeringExport.colonHex(reta.key.get()).replace(":", ""));
            }
            ArrayNode table = rss.putArray("table");
            reta.table.forEach(table::add);
        }
        texts.channels().ifPresent(text -> {
            int n = combined(text);
            ArrayNode queues = config.putArray(cnode(prg, "queues"));
            for (int q = 0; q < n; q++) {
                queues.add(q);
            }
        });
        texts.features().ifPresent(text -> {
            Matcher m = RX_CHECKSUM.matcher(text);
            if (!m.find()) {
                throw new InputException("ethtool -k output", "", "no rx-checksumming line");
            }
            config.put(cnode(prg, "csum_offload"), m.group(1).equals("on"));
            transmitOffloads(prg, text, config);
        });
        try {
            return Embeddings.readConfiguration(prg, config.toString());
        } catch (InputException e) {
            throw new InputException("configuration read from ethtool", List.of(new InputException.Problem("",
                    "what ethtool shows does not fit " + prg.name() + ": " + e.describe())));
        }
    }

    /**
     * The configuration testpmd shows: its RSS table from {@code show port P rss reta SIZE (masks)} (hash
     * {@code ipv4_l4}, the standard key). testpmd's {@code flow list} prints the item and action names of a rule but
     * not their values, so installed flow rules cannot be read back from it.
     */
    public static Configuration readTestpmd(DataflowGraph prg, String retaText) {
        Exports.driver(prg);
        ObjectNode config = JSON.createObjectNode();
        ObjectNode rss = config.putObject(cnode(prg, "rss"));
        rss.put("hash", "ipv4_l4");
        ArrayNode table = rss.putArray("table");
        testpmdReta(retaText).forEach(table::add);
        if (table.isEmpty()) {
            throw new InputException("testpmd RETA output", "", "no \"RSS RETA configuration: hash index=I, queue=Q\" lines");
        }
        try {
            return Embeddings.readConfiguration(prg, config.toString());
        } catch (InputException e) {
            throw new InputException("configuration read from testpmd", List.of(new InputException.Problem("",
                    "what testpmd shows does not fit " + prg.name() + ": " + e.describe())));
        }
    }

    /**
     * testpmd's texts for one port: {@code flow list P} and the commands run on the port (the flow rules' values:
     * flow list prints none; also the queue count and checksum offload), {@code show port P rss reta SIZE (MASKS)} and
     * {@code show port P rss-hash key}. Each is optional; rules need both the list and the commands.
     */
    public record TestpmdTexts(int port, Optional<String> flowList, Optional<String> commands, Optional<String> reta,
                               Optional<String> key) {
    }

    /**
     * The configuration testpmd's texts describe (docs/export.md "Import"): the installed flow rules as entries of the
     * C-nodes the PMD installs rte_flow rules in, the RSS table and key, the queues and checksum offload.
     *
     * @throws InputException naming the text and line that cannot be read, that disagree, or that do not fit the NIC
     * @throws UnexpressiblePlanException when the NIC has no Linux driver nicplan knows
     */
    public static Configuration readTestpmd(DataflowGraph prg, TestpmdTexts texts) {
        LinuxDriver driver = Exports.driver(prg);
        ObjectNode config = JSON.createObjectNode();
        String commands = texts.commands().orElse("");
        if (texts.flowList().isPresent()) {
            List<TestpmdImport.Rule> rules = TestpmdImport.installed(texts.flowList().get(), commands, texts.port());
            TestpmdImport.entries(prg, driver, rules).forEach(config::set);
        } else if (!TestpmdImport.replay(commands, texts.port()).isEmpty()) {
            throw new InputException("testpmd commands", "", "the commands create flow rules, but no `flow list` says which "
                    + "are installed");
        }
        TestpmdImport.Settings settings = TestpmdImport.settings(commands, texts.port());
        Optional<byte[]> key = texts.key().map(Imports::testpmdKey).or(settings::key);
        if (texts.reta().isPresent()) {
            ObjectNode rss = config.putObject(cnode(prg, "rss"));
            rss.put("hash", texts.key().map(Imports::testpmdHash).orElse("ipv4_l4"));
            if (key.isPresent() && !Arrays.equals(key.get(), standardKey(prg))) {
                rss.put("key", SteeringExport.colonHex(key.get()).replace(":", ""));
            }
            ArrayNode table = rss.putArray("table");
            testpmdReta(texts.reta().get()).forEach(table::add);
            if (table.isEmpty()) {
                throw new InputException("testpmd RETA output", "", "no \"RSS RETA configuration: hash index=I, queue=Q\" lines");
            }
        }
        settings.rxQueues().ifPresent(n -> {
            ArrayNode queues = config.putArray(cnode(prg, "queues"));
            for (int q = 0; q < n; q++) {
                queues.add(q);
            }
        });
        if (prg.nodes().stream().anyMatch(n -> n.config().map(c -> c.function().equals("csum_offload")).orElse(false))) {
            settings.rxChecksum().ifPresent(on -> config.put(cnode(prg, "csum_offload"), on));
        }
        try {
            return Embeddings.readConfiguration(prg, config.toString());
        } catch (InputException e) {
            throw new InputException("configuration read from testpmd", List.of(new InputException.Problem("",
                    "what testpmd shows does not fit " + prg.name() + ": " + e.describe())));
        }
    }

    /**
     * The RSS hash name the outputs of {@code ethtool -n DEV rx-flow-hash T} for T in tcp4, udp4, tcp6, udp6 (one after
     * another, in any order; ethtool.c dump_rxfhash: "TCP over IPV6 flows use these fields for computing Hash flow
     * key:", then one line per field: "IP SA", "IP DA", "L4 bytes 0 & 1 [TCP/UDP src port]", ..., or "None") describe:
     * the families whose flow types hash addresses ({@code ipv4}, {@code ipv6} or both, {@code ip}) and the protocols
     * whose ports they hash ({@code _tcp}, {@code _udp}, {@code _l4}), as EthtoolScript writes them. A family without
     * a listed flow type is not hashed.
     */
    static String hashName(String text) {
        Map<String, Set<String>> fieldsByType = new TreeMap<>();
        String current = null;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            Matcher m = FLOW_HASH_HEADER.matcher(line);
            if (m.find()) {
                current = m.group(1).toLowerCase(Locale.ROOT) + m.group(2);
                fieldsByType.put(current, new TreeSet<>());
            } else if (current != null && !line.isEmpty()) {
                fieldsByType.get(current).add(line.startsWith("L4 bytes") ? "ports" : line.startsWith("IP ") ? "addresses" : line);
            }
        }
        if (fieldsByType.isEmpty()) {
            throw new InputException("ethtool -n rx-flow-hash output", "", "no \"TCP over IPV4 flows use these fields\" line");
        }
        boolean ipv4 = hashesAddresses(fieldsByType, "tcp4") || hashesAddresses(fieldsByType, "udp4");
        boolean ipv6 = hashesAddresses(fieldsByType, "tcp6") || hashesAddresses(fieldsByType, "udp6");
        if (!ipv4 && !ipv6) {
            throw new InputException("ethtool -n rx-flow-hash output", "", "no flow type hashes its addresses: " + fieldsByType);
        }
        String family = ipv4 ? "4" : "6";
        boolean tcp = hashesPorts(fieldsByType, "tcp" + family);
        boolean udp = hashesPorts(fieldsByType, "udp" + family);
        if (ipv4 && ipv6 && (tcp != hashesPorts(fieldsByType, "tcp6") || udp != hashesPorts(fieldsByType, "udp6"))) {
            throw new InputException("ethtool -n rx-flow-hash output", "", "IPv4 and IPv6 hash different ports ("
                    + fieldsByType + "); a hash name covers both families alike");
        }
        return (ipv4 && ipv6 ? "ip" : ipv4 ? "ipv4" : "ipv6") + (tcp && udp ? "_l4" : tcp ? "_tcp" : udp ? "_udp" : "");
    }

    private static boolean hashesAddresses(Map<String, Set<String>> fieldsByType, String type) {
        return fieldsByType.getOrDefault(type, Set.of()).contains("addresses");
    }

    private static boolean hashesPorts(Map<String, Set<String>> fieldsByType, String type) {
        return fieldsByType.getOrDefault(type, Set.of()).contains("ports");
    }

    /** The key {@code show port P rss-hash key} prints under {@code RSS key:} (config.c port_rss_hash_conf_show: %02X each byte). */
    static byte[] testpmdKey(String text) {
        Matcher m = TESTPMD_KEY.matcher(text);
        if (!m.find()) {
            throw new InputException("testpmd rss-hash key output", "", "no \"RSS key:\" line followed by the key in hex");
        }
        return java.util.HexFormat.of().parseHex(m.group(1).toLowerCase(java.util.Locale.ROOT));
    }

    /** ipv4_l4 when {@code RSS functions:} lists a TCP or UDP type, else ipv4. */
    static String testpmdHash(String text) {
        Matcher m = TESTPMD_FUNCTIONS.matcher(text);
        if (!m.find()) {
            return "ipv4_l4";
        }
        return Pattern.compile("(^|\\s)(ipv4-tcp|ipv4-udp)(\\s|$)").matcher(m.group(1)).find() ? "ipv4_l4" : "ipv4";
    }

    /** {@code {"configuration": {...}}}: a plan file as far as export, {@code --diff-from} and apply read one. */
    public static String planJson(DataflowGraph prg, Configuration configuration) {
        ObjectNode root = JSON.createObjectNode();
        try {
            root.set("configuration", JSON.readTree(ConfigurationJson.write(configuration, prg)));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the configuration writer wrote no JSON", e);
        }
    }

    /** The RSS table testpmd's {@code show port P rss reta SIZE (masks)} printed, entry by entry. */
    public static List<Integer> testpmdReta(String text) {
        TreeMap<Integer, Integer> m = new TreeMap<>();
        Matcher x = TESTPMD_RETA.matcher(text);
        while (x.find()) {
            m.put(Integer.parseInt(x.group(1)), Integer.parseInt(x.group(2)));
        }
        List<Integer> table = new ArrayList<>(m.values());
        if (!m.isEmpty() && m.lastKey() != m.size() - 1) {
            throw new InputException("testpmd RETA output", "", "entries " + m.keySet() + " are not 0.." + (m.size() - 1));
        }
        return table;
    }

    /** The key an RSS C-node of {@code prg} has when its value gives none: the standard key at the NIC's key length. */
    static byte[] standardKey(DataflowGraph prg) {
        return Toeplitz.standardKey(prg.node(cnode(prg, "rss")).map(RssFunction::keyLength).orElse(Toeplitz.standardKey().length));
    }

    /**
     * The NIC's transmit offloads from {@code ethtool -k}'s {@code tx-tcp-segmentation} (TSO of TCP over IPv4; else
     * the {@code tcp-segmentation-offload} line, which a kernel also shows on when only another TCP segmentation
     * feature is, e.g. {@code tx-tcp-accecn-segmentation} on a veth with tx-checksumming off) and
     * {@code tx-checksumming} (both checksums) lines, the features the export's {@code -K tso tx} sets; a text
     * without them leaves the offloads unconfigured.
     */
    private static void transmitOffloads(DataflowGraph prg, String text, ObjectNode config) {
        Optional<Boolean> segmentation = onOff(text, TSO_IPV4).or(() -> onOff(text, TSO));
        Optional<Boolean> insertion = onOff(text, TX_CHECKSUM);
        for (Node n : prg.nodes()) {
            if (n.config().map(c -> c.function().equals(SteeringExport.TX_OFFLOAD)).orElse(false)) {
                Optional<Boolean> on = n.implementation().orElse("").equals(EthtoolScript.TSO) ? segmentation : insertion;
                on.ifPresent(v -> config.put(n.id(), v));
            }
        }
    }

    /** The first {@code on|off} {@code feature} matches in {@code text}, if any. */
    private static Optional<Boolean> onOff(String text, Pattern feature) {
        Matcher m = feature.matcher(text);
        return m.find() ? Optional.of(m.group(1).equals("on")) : Optional.empty();
    }

    private static String cnode(DataflowGraph prg, String function) {
        return prg.nodes().stream().filter(n -> n.config().map(c -> c.function().equals(function)).orElse(false))
                .map(Node::id).findFirst().orElseThrow(() -> new InputException("ethtool output", "",
                        prg.name() + " has no C-node with function " + function));
    }

    /** Whether the entries of {@code prg}'s C-node with {@code function} have a {@code priority} field. */
    private static boolean hasPriorities(DataflowGraph prg, String function) {
        return prg.nodes().stream().filter(n -> n.config().map(c -> c.function().equals(function)).orElse(false)).findFirst()
                .map(n -> n.config().orElseThrow().type()).filter(t -> t instanceof ConfigType.ListType)
                .map(t -> ((ConfigType.ListType) t).element()).filter(e -> e instanceof ConfigType.TupleType)
                .map(e -> ((ConfigType.TupleType) e).fields().stream().anyMatch(f -> f.name().equals("priority"))).orElse(false);
    }

    /**
     * Rules by location (the order ethtool -N loc gave them).
     *
     * @param priorities whether the table's entries have a priority (the SFC9020's have none: its hardware orders them)
     */
    static List<ObjectNode> ntuple(String text, LinuxDriver driver, boolean priorities) {
        TreeMap<Integer, ObjectNode> byLoc = new TreeMap<>();
        String[] lines = text.split("\\R");
        ObjectNode rule = null;
        boolean ipv6 = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String where = "line " + (i + 1);
            Matcher f = FILTER.matcher(line);
            if (f.matches()) {
                rule = JSON.createObjectNode();
                ipv6 = false;
                byLoc.put(Integer.parseInt(f.group(1)), rule);
            } else if (rule == null || line.isEmpty()) {
                continue;
            } else if (line.startsWith("Rule Type:") || line.startsWith("Flow Type:")) {
                ipv6 = ruleType(rule, line.substring(line.indexOf(':') + 1).strip(), where);
            } else if (line.startsWith("Action:")) {
                Matcher q = QUEUE_ACTION.matcher(line);
                if (!q.matches()) {
                    throw new InputException("ethtool -n output", where, "action '" + line.substring(7).strip()
                            + "': nicplan's " + driver.ntupleFunction().orElse("ntuple") + " filters steer to a queue");
                }
                rule.put("queue", Integer.parseInt(q.group(1)));
            } else {
                Matcher m = FIELD.matcher(lines[i]);
                if (m.matches()) {
                    field(rule, ipv6, m.group(1), m.group(2), Optional.ofNullable(m.group(3)), driver, where);
                }
            }
        }
        List<ObjectNode> out = new ArrayList<>(byLoc.values());
        if (priorities) {
            // docs/formats.md "Plan": a five-tuple filter's priority is 1 + its number of given fields.
            out.forEach(r -> r.put("priority", Math.min(7, 1 + (int) r.properties().stream()
                    .filter(e -> !e.getKey().equals("queue")).count())));
        }
        return out;
    }

    /**
     * The rule type line, as ethtool's rxclass.c prints it: "TCP over IPv4" ... "Raw IPv4", and the IPv6 flow types
     * (Linux 4.6's IPv6 NFC: "TCP over IPv6", "UDP over IPv6", "SCTP over IPv6", "Raw IPv6"), whose addresses are
     * read into {@code src_ip6}/{@code dst_ip6}. Whether the rule is IPv6.
     */
    private static boolean ruleType(ObjectNode rule, String type, String where) {
        Matcher m = RULE_TYPE.matcher(type);
        if (!m.matches()) {
            throw new InputException("ethtool -n output", where, "rule type '" + type + "' has no nicplan filter (TCP, "
                    + "UDP, SCTP and raw over IPv4 or IPv6 have)");
        }
        if (m.group(1) != null) {
            rule.put("proto", m.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        return m.group(2).equals("6");
    }

    private static void field(ObjectNode rule, boolean v6, String name, String value, Optional<String> ignored,
                              LinuxDriver driver, String where) {
        String key;
        boolean address;
        switch (name) {
            case "Src IP addr" -> { key = v6 ? "src_ip6" : "src_ip"; address = true; }
            case "Dest IP addr" -> { key = v6 ? "dst_ip6" : "dst_ip"; address = true; }
            case "Src port" -> { key = "src_port"; address = false; }
            case "Dest port" -> { key = "dst_port"; address = false; }
            default -> { return; } // TOS, traffic class, protocol, VLAN, user-defined: not matched by nicplan's filters when all ignored
        }
        if (address && v6) {
            // ethtool prints the inverted mask (rxclass.c invert_flow_mask): "::" matches the whole address, all ones none of it.
            Ipv6Address ignoredBits = Ipv6Address.parse(ignored.orElse("::"));
            if (ignoredBits.high() == -1L && ignoredBits.low() == -1L) {
                return; // a wildcard: the field is left out
            }
            if (!ignoredBits.equals(Ipv6Address.UNSPECIFIED)) {
                throw new InputException("ethtool -n output", where, name + " " + value + " under mask " + ignored.get()
                        + ": nicplan's " + driver.ntupleFunction().orElse("ntuple") + " filters match an IPv6 address whole or not at all");
            }
            rule.put(key, Ipv6Address.parse(value).toString());
            return;
        }
        String mask = ignored.orElse(address ? "0.0.0.0" : "0x0");
        long ignoredBits = address ? Ipv4Address.parse(mask).value() : Long.decode(mask);
        long full = address ? 0xFFFF_FFFFL : 0xFFFF;
        if (ignoredBits == full) {
            return; // a wildcard: the field is left out
        }
        if (ignoredBits != 0) {
            throw new InputException("ethtool -n output", where, name + " " + value + " under mask " + mask
                    + ": nicplan's " + driver.ntupleFunction().orElse("ntuple") + " filters match a field whole or not at all");
        }
        if (address) {
            rule.put(key, Ipv4Address.parse(value).value());
        } else {
            rule.put(key, Integer.parseInt(value));
        }
    }

    private record Reta(List<Integer> table, Optional<byte[]> key) {
    }

    private static Reta rss(String text) {
        List<Integer> table = new ArrayList<>();
        Optional<byte[]> key = Optional.empty();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = RETA_LINE.matcher(lines[i]);
            if (m.matches()) {
                if (Integer.parseInt(m.group(1)) != table.size()) {
                    throw new InputException("ethtool -x output", "line " + (i + 1), "table row starts at " + m.group(1)
                            + ", expected " + table.size());
                }
                for (String q : m.group(2).trim().split("\\s+")) {
                    table.add(Integer.parseInt(q));
                }
            } else if (lines[i].startsWith("RSS hash key:") && i + 1 < lines.length) {
                String hex = lines[i + 1].strip();
                if (!hex.matches("([0-9a-fA-F]{2}:)*[0-9a-fA-F]{2}")) {
                    throw new InputException("ethtool -x output", "line " + (i + 2), "key '" + hex + "' is not colon hex");
                }
                String[] bytes = hex.split(":");
                byte[] k = new byte[bytes.length];
                for (int b = 0; b < bytes.length; b++) {
                    k[b] = (byte) Integer.parseInt(bytes[b], 16);
                }
                key = Optional.of(k);
            }
        }
        return new Reta(table, key);
    }

    private static int combined(String text) {
        String[] lines = text.split("\\R");
        boolean current = false;
        for (String line : lines) {
            current |= line.startsWith("Current hardware settings:");
            Matcher m = COMBINED.matcher(line);
            if (current && m.matches()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new InputException("ethtool -l output", "", "no combined channel count under \"Current hardware settings:\"");
    }
}
