package io.nicplan.app.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nicplan.app.InputException;
import io.nicplan.embed.config.Configuration;
import io.nicplan.optimizer.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every exported command goes through the real tool's own parser: ethtool and tc against a veth pair the
 * test creates, testpmd on DPDK's null PMD. Skipped, with the reason, where a tool cannot run (not installed,
 * no CAP_NET_ADMIN); on CI (root, .ci/run installs ethtool, iproute2 and dpdk) they run.
 */
class RealToolsExportTest {
    /** Unique per run, at most 15 bytes (IFNAMSIZ - 1). */
    private static final String DEV = "npx" + (ProcessHandle.current().pid() % 1_000_000);
    private static final String PEER = DEV + "p";
    /** RETA size of DPDK's null PMD (drivers/net/null: ETH_RSS_RETA_SIZE_128). */
    private static final int NULL_PMD_RETA = 128;
    private static List<ExportSamples.Sample> samples;
    private static String vethProblem = "";

    @BeforeAll
    static void plansAndVeth() {
        samples = new ArrayList<>();
        samples.add(ExportSamples.memcached82599());
        samples.addAll(ExportSamples.demoPlans(List.of(Strategy.DEFAULT, Strategy.GREEDY)));
        if (!Tool.installed("ip")) {
            vethProblem = "ip (iproute2) is not installed";
            return;
        }
        // numrxqueues before `type`: the option belongs to the link being added (ip-link(8)).
        Tool add = Tool.run("ip", "link", "add", DEV, "numrxqueues", "16", "numtxqueues", "16", "type", "veth", "peer", "name",
                PEER, "numrxqueues", "16", "numtxqueues", "16");
        if (add.exit() != 0) {
            vethProblem = "cannot create a veth pair (needs CAP_NET_ADMIN): " + add.output().strip();
        }
    }

    @AfterAll
    static void deleteVeth() {
        if (vethProblem.isEmpty() && Tool.installed("ip")) {
            Tool.run("ip", "link", "del", DEV);
        }
    }

    private static void assumeVethWith(String tool) {
        assumeTrue(Tool.installed(tool), tool + " is not installed");
        assumeTrue(vethProblem.isEmpty(), vethProblem);
    }

    private static List<String> commands(String script, String tool) {
        return script.lines().filter(l -> l.startsWith(tool + " ")).toList();
    }

    @Test
    void ethtoolParsesEveryExportedCommand() {
        assumeVethWith("ethtool");
        int run = 0;
        for (ExportSamples.Sample s : samples) {
            for (ExportFormat f : List.of(ExportFormat.ETHTOOL, ExportFormat.TC)) {
                String script = ExportSamples.export(s, f, new ExportOptions(DEV, 0, false)).text();
                for (String line : commands(script, "ethtool")) {
                    Tool t = Tool.run(Tool.words(line).toArray(String[]::new));
                    // A parse failure is "bad command line argument(s)" (or "unrecognized option" for -N); on a
                    // veth the parsed -N/-X answer "Operation not supported" from the kernel, which is fine.
                    assertThat(t.output()).as(s + ": " + line).doesNotContain("bad command line argument")
                            .doesNotContain("unrecognized option").doesNotContainPattern("Invalid [\\w-]+ value");
                    run++;
                }
            }
        }
        // A diff (in-place rewrites, inserts, `delete N`) between the example and each 82599 demo plan parses too.
        for (ExportSamples.Sample s : samples.stream().filter(x -> x.nic().equals("intel-82599")).toList()) {
            String diff = Exports.diff(s.prg(), samples.get(0).configuration(), s.configuration(), ExportFormat.ETHTOOL,
                    new ExportOptions(DEV, 0, true)).text();
            for (String line : commands(diff, "ethtool")) {
                Tool t = Tool.run(Tool.words(line).toArray(String[]::new));
                assertThat(t.output()).as("diff to " + s + ": " + line).doesNotContain("bad command line argument")
                        .doesNotContain("unrecognized option").doesNotContainPattern("Invalid [\\w-]+ value");
                run++;
            }
        }
        assertThat(run).isGreaterThan(samples.size() * 4);
        // The same check catches a real syntax error.
        Tool bad = Tool.run("ethtool", "-N", DEV, "flow-type", "udp4", "src-port", "99999", "action", "1");
        assertThat(bad.output()).contains("bad command line argument");
    }

    /**
     * A plan's transmit offloads (on in every plan) take effect on a veth through the exported {@code -K tso tx} line,
     * and {@code ethtool -k} imports back as the plan's {@code Tx} C-nodes; so does turning them off, and TSO asked
     * for without {@code tx} stays off, as the export refuses it (netdev_fix_features).
     */
    @Test
    void exportedTransmitOffloadsTakeEffectAndImportBack() {
        assumeVethWith("ethtool");
        ExportSamples.Sample s = samples.stream().filter(x -> x.nic().equals("intel-82599") && !x.toString().contains("memcached"))
                .findFirst().orElseThrow();
        assertThat(s.configuration().value("Tx.Tso")).as(s.toString()).contains(io.nicplan.graph.config.ConfigValue.of(true));
        String script = ExportSamples.export(s, ExportFormat.ETHTOOL, new ExportOptions(DEV, 0, true)).text();
        String line = commands(script, "ethtool").stream().filter(l -> l.contains(" tso ")).findFirst().orElseThrow();
        assertThat(line).isEqualTo("ethtool -K " + DEV + " tso on tx on");
        Tool.run("ethtool", "-K", DEV, "tso", "off", "tx", "off");
        Tool on = Tool.run(Tool.words(line).toArray(String[]::new));
        assertThat(on.exit()).as(on.output()).isZero();
        Configuration back = Imports.read(s.prg(), new Imports.EthtoolTexts("", "", Optional.empty(),
                Optional.of(Tool.run("ethtool", "-k", DEV).output())));
        for (String id : List.of("Tx.Tso", "Tx.L4Csum", "Tx.Ipv4Csum")) {
            assertThat(back.value(id)).as(id).contains(io.nicplan.graph.config.ConfigValue.of(true));
        }
        Tool.run("ethtool", "-K", DEV, "tso", "off", "tx", "off");
        Tool.run("ethtool", "-K", DEV, "tso", "on");
        String features = Tool.run("ethtool", "-k", DEV).output();
        assertThat(features).contains("tx-checksumming: off").containsPattern("(?m)^\\s+tx-tcp-segmentation: off");
        back = Imports.read(s.prg(), new Imports.EthtoolTexts("", "", Optional.empty(), Optional.of(features)));
        assertThat(back.value("Tx.Tso")).contains(io.nicplan.graph.config.ConfigValue.of(false));
    }

    @Test
    void exportedChannelCountTakesEffectAndReadsBack() {
        assumeVethWith("ethtool");
        ExportSamples.Sample s = ExportSamples.memcached82599();
        String script = ExportSamples.export(s, ExportFormat.ETHTOOL, new ExportOptions(DEV, 0, true)).text();
        String channels = commands(script, "ethtool").stream().filter(l -> l.contains(" -L ")).findFirst().orElseThrow();
        assertThat(channels).isEqualTo("ethtool -L " + DEV + " combined 8");
        Tool combined = Tool.run(Tool.words(channels).toArray(String[]::new));
        assertThat(combined.output()).doesNotContain("bad command line argument");
        // A veth has separate rx and tx channels (veth_get_channels reports no combined ones), so the kernel
        // refuses `combined`; the same count as rx/tx takes effect, and -l reads it back.
        String count = channels.substring(channels.lastIndexOf(' ') + 1);
        Tool set = Tool.run("ethtool", "-L", DEV, "rx", count, "tx", count);
        assertThat(set.exit()).as(set.output()).isZero();
        String current = Tool.run("ethtool", "-l", DEV).output();
        String settings = current.substring(current.indexOf("Current hardware settings:"));
        assertThat(settings).containsPattern("RX:\\s+" + count + "\\b").containsPattern("TX:\\s+" + count + "\\b");
        Tool.run("ethtool", "-L", DEV, "rx", "16", "tx", "16");
    }

    @Test
    void tcParsesEveryExportedFilter() {
        assumeVethWith("tc");
        int filters = 0;
        for (ExportSamples.Sample s : samples) {
            String script = ExportSamples.export(s, ExportFormat.TC, new ExportOptions(DEV, 0, false)).text();
            for (String line : commands(script, "tc")) {
                Tool t = Tool.run(Tool.words(line).toArray(String[]::new));
                if (line.startsWith("tc qdisc")) {
                    assertThat(t.output()).as(line).doesNotContain("Usage").doesNotContain("What is");
                    continue;
                }
                filters++;
                // tc parses the whole line (classifier options and actions) before it asks the kernel; a kernel
                // without flower then answers "Error: TC classifier not found." (exit 2), one with flower answers
                // the device's refusal of skip_sw on a veth. A syntax error is tc's own: `What is "x"?`,
                // `Unknown filter`, `Bad action type`, `Illegal`, followed by the usage text (exit 1 or 255).
                assertThat(t.output()).as(s + ": " + line).doesNotContain("What is").doesNotContain("Usage:")
                        .doesNotContain("Unknown").doesNotContain("Bad action").doesNotContain("Illegal");
                assertThat(t.output().contains("Error: TC classifier not found.") || t.output().startsWith("Error:")
                        || t.exit() == 0).as(s + ": " + line + " answered " + t.output()).isTrue();
            }
            Tool.run("tc", "qdisc", "del", "dev", DEV, "ingress");
        }
        // A diff's filters (replace by handle, add, delete by handle) between the example and each 82599 demo plan parse too.
        for (ExportSamples.Sample s : samples.stream().filter(x -> x.nic().equals("intel-82599")).toList()) {
            String diff = Exports.diff(s.prg(), samples.get(0).configuration(), s.configuration(), ExportFormat.TC,
                    new ExportOptions(DEV, 0, true)).text();
            for (String line : commands(diff, "tc").stream().filter(l -> l.startsWith("tc filter")).toList()) {
                Tool t = Tool.run(Tool.words(line).toArray(String[]::new));
                assertThat(t.output()).as("diff to " + s + ": " + line).doesNotContain("What is").doesNotContain("Usage:")
                        .doesNotContain("Unknown").doesNotContain("Bad action").doesNotContain("Illegal");
                filters++;
            }
        }
        assertThat(filters).isGreaterThan(100);
        Tool bad = Tool.run("tc", "filter", "add", "dev", DEV, "ingress", "protocol", "ip", "prio", "1", "flower", "skip_sw",
                "src_ipx", "10.0.0.1", "action", "drop");
        assertThat(bad.output()).contains("What is \"src_ipx\"?").doesNotContain("TC classifier not found");
    }

    /** testpmd on the null PMD (no device, no huge pages), fed a command file on stdin. */
    private static Tool testpmd(String vdev, String commands) {
        return testpmd(vdev, 16, commands);
    }

    private static Tool testpmd(String vdev, int queues, String commands) {
        return Tool.run(List.of("dpdk-testpmd", "-l", "0-1", "-n", "1", "--no-huge", "-m", "512", "--no-pci",
                "--file-prefix=nicplan" + ProcessHandle.current().pid(), "--vdev=" + vdev, "--", "-i", "--rxq=" + queues,
                "--txq=" + queues, "--total-num-mbufs=8192"), commands + "quit\n", 180);
    }

    /**
     * Queues for a net_tap port: its queue file descriptors travel in one multi-process message of at most 8
     * (EAL: "Cannot send more than 8 FDs", tap_mp_req_on_rxtx), and testpmd 22.11 crashed at 8 here: 4 is safe.
     */
    private static final int TAP_QUEUES = 4;

    @Test
    void testpmdSetsTheExportedRetaAndParsesEveryFlowRule() {
        assumeTrue(Tool.installed("dpdk-testpmd"), "dpdk-testpmd is not installed (Debian package dpdk)");
        int flows = 0;
        int retas = 0;
        for (ExportSamples.Sample s : samples) {
            ExportResult r;
            try {
                r = Exports.export(s.prg(), s.configuration(), ExportFormat.RTE_FLOW, ExportOptions.defaults());
            } catch (UnexpressiblePlanException e) {
                // No DPDK driver (the SFC9020) or a table its PMD has no rte_flow for: named, nothing to run.
                assertThat(e.getMessage()).containsAnyOf("no DPDK poll-mode driver", "installs no rte_flow rule");
                continue;
            }
            List<String> flowLines = commands(r.text(), "flow");
            // net_null offers no receive offloads (capabilities 0): with checksum offload requested its port would
            // not start, and the RETA could not be read back. The lines still parse (on a real NIC they apply).
            String commands = String.join("\n", r.text().lines().filter(l -> !l.contains(" rx_offload ")).toList()) + "\n";
            Tool t = testpmd("net_null0", commands + "show port 0 rss reta 128 (0xffffffffffffffff,0xffffffffffffffff)\n");
            assumeTrue(!t.output().contains("Cannot allocate memory") && !t.output().contains("Cannot init"),
                    "testpmd cannot start here: " + t.output().lines().filter(l -> l.contains("EAL")).toList());
            // "Bad arguments" is testpmd's answer to a line its command parser rejects.
            assertThat(t.output()).as(s.toString()).doesNotContain("Bad arguments");
            // net_null has no flow API: every parsed flow rule reaches the PMD and answers this.
            assertThat(count(t.output(), "Function not implemented")).as(s.toString()).isGreaterThanOrEqualTo(flowLines.size());
            flows += flowLines.size();
            Map<Integer, Integer> exported = reta(r.text(), Pattern.compile("\\((\\d+),(\\d+)\\)"));
            // net_null's table has 128 entries (the X710's 512 do not fit it: testpmd answers so, after parsing).
            if (exported.size() == NULL_PMD_RETA) {
                assertThat(reta(t.output(), Pattern.compile("hash index=(\\d+), queue=(\\d+)"))).as(s.toString()).isEqualTo(exported);
                retas++;
            }
        }
        assertThat(flows).isPositive();
        assertThat(retas).isPositive();
    }

    @Test
    void testpmdsOwnListingsImportBackToThePlansRssTableAndNoRules() {
        assumeTrue(Tool.installed("dpdk-testpmd"), "dpdk-testpmd is not installed (Debian package dpdk)");
        ExportSamples.Sample s = ExportSamples.memcached82599();
        String exported = Exports.export(s.prg(), s.configuration(), ExportFormat.RTE_FLOW, ExportOptions.defaults()).text();
        // As in the RETA test: net_null has no receive offloads, so the rx_offload lines stay out.
        String run = String.join("\n", exported.lines().filter(l -> !l.contains(" rx_offload ")).toList()) + "\n";
        Tool t = testpmd("net_null0", run + "show port 0 rss reta 128 (0xffffffffffffffff,0xffffffffffffffff)\nflow list 0\n");
        assumeTrue(!t.output().contains("Cannot init"), "testpmd cannot start here");
        // net_null refuses every flow rule (no flow API), so testpmd's real `flow list 0` lists none: the rules the
        // commands create are named as not installed.
        Imports.TestpmdTexts all = new Imports.TestpmdTexts(0, Optional.of(t.output()), Optional.of(run),
                Optional.of(t.output()), Optional.empty());
        assertThatThrownBy(() -> Imports.readTestpmd(s.prg(), all)).isInstanceOf(InputException.class)
                .hasMessageContaining("rule #0 (ETH IPV4 UDP => QUEUE) is not in the flow list");
        // Without the rules, testpmd's real RETA listing and the commands' queue count read back as the plan's.
        String settings = String.join("\n", run.lines().filter(l -> !l.startsWith("flow ")).toList()) + "\n";
        Configuration back = Imports.readTestpmd(s.prg(), new Imports.TestpmdTexts(0, Optional.of(t.output()),
                Optional.of(settings), Optional.of(t.output()), Optional.empty()));
        assertThat(back.value("Rss")).isEqualTo(s.configuration().value("Rss"));
        assertThat(back.value("Queues")).isEqualTo(s.configuration().value("Queues"));
    }

    /** The {@code rss-hash-key} line of a sample's rte_flow export. */
    private static String keyLine(ExportSamples.Sample s) {
        return commands(ExportSamples.export(s, ExportFormat.RTE_FLOW, ExportOptions.defaults()).text(), "port").stream()
                .filter(l -> l.contains(" rss-hash-key ")).findFirst().orElseThrow();
    }

    @Test
    void testpmdHoldsEachExportedKeyToThePmdsKeySize() {
        assumeTrue(Tool.installed("dpdk-testpmd"), "dpdk-testpmd is not installed (Debian package dpdk)");
        ExportSamples.Sample x710 = ExportSamples.demoPlans(List.of(Strategy.DEFAULT)).stream()
                .filter(s -> s.nic().equals("intel-x710")).findFirst().orElseThrow();
        String key40 = keyLine(ExportSamples.memcached82599());
        String key52 = keyLine(x710);
        assertThat(key52.substring(key52.lastIndexOf(' ') + 1)).hasSize(104);
        // net_tap reports hash_key_size 40 (TAP_RSS_HASH_KEY_SIZE) and net_null none, and no PMD here reports i40e's 52;
        // testpmd parses the line, then holds the key's length to the PMD's (cmd_config_rss_hash_key_parsed). So the
        // 82599's 40 bytes pass that check and the X710's 52 bytes are refused by length alone: on net_i40e, whose
        // hash_key_size is (I40E_PFQF_HKEY_MAX_INDEX + 1) * 4 = 52, it is the 40-byte key that would be refused.
        Tool t = testpmd("net_tap0,iface=" + DEV + "k", TAP_QUEUES, key40 + "\n" + key52 + "\n");
        assumeTrue(t.output().contains("Configuring Port 0"), "net_tap cannot start here: "
                + t.output().lines().filter(l -> l.contains("tap") || l.contains("EAL")).toList());
        assertThat(t.output()).doesNotContain("Bad arguments");
        assertThat(count(t.output(), "key length:")).isEqualTo(1);
        assertThat(t.output()).contains("key length: 104 invalid - key must be a string of 80 hexa-decimal numbers");
    }

    @Test
    void onNetTapQueueRulesValidate() {
        assumeTrue(Tool.installed("dpdk-testpmd"), "dpdk-testpmd is not installed (Debian package dpdk)");
        ExportSamples.Sample s = ExportSamples.memcached82599();
        // The tap port has TAP_QUEUES queues: the rules' queue indexes are taken modulo that, which keeps every
        // pattern and action as exported (tap_flow.c checks an index against the port's queue count).
        String rules = String.join("\n", commands(Exports.export(s.prg(), s.configuration(), ExportFormat.RTE_FLOW,
                ExportOptions.defaults()).text(), "flow").stream().map(l -> l.replaceFirst("^flow create", "flow validate"))
                .map(RealToolsExportTest::queuesModuloTap).toList()) + "\n";
        Tool t = testpmd("net_tap0,iface=" + DEV + "t", TAP_QUEUES, rules);
        // net_tap implements rte_flow with tc flower on its tap device; without flower (or multiq) it disables it.
        assumeTrue(!t.output().contains("Disabling rte flow support"), "net_tap has no rte_flow here: "
                + t.output().lines().filter(l -> l.contains("tap")).findFirst().orElse(""));
        assertThat(t.output()).doesNotContain("Bad arguments");
        assertThat(count(t.output(), "Flow rule validated")).isEqualTo(commands(rules, "flow").size());
    }

    private static String queuesModuloTap(String rule) {
        Matcher m = Pattern.compile("queue index (\\d+)").matcher(rule);
        return m.find() ? m.replaceFirst("queue index " + Integer.parseInt(m.group(1)) % TAP_QUEUES) : rule;
    }

    private static Map<Integer, Integer> reta(String text, Pattern entry) {
        Map<Integer, Integer> m = new TreeMap<>();
        for (String line : text.lines().filter(l -> l.startsWith("port config") || l.contains("hash index=")).toList()) {
            Matcher x = entry.matcher(line);
            while (x.find()) {
                m.put(Integer.parseInt(x.group(1)), Integer.parseInt(x.group(2)));
            }
        }
        return m;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
