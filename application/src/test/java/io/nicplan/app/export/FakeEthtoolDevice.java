package io.nicplan.app.export;

import io.nicplan.net.Toeplitz;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A device that carries out the exported ethtool commands as a driver would (rules at their locations, the
 * RSS table filled as ethtool fills it, channels, rx checksumming) and prints {@code ethtool -n/-x/-l/-k} in
 * ethtool's own formats (rxclass.c rxclass_print_nfc_rule, ethtool.c), so an export can be imported back
 * without a real NIC. Only what the exporter writes is understood; anything else fails the test.
 */
final class FakeEthtoolDevice {
    private final String dev;
    private final int maxChannels;
    private final List<Integer> table;
    private final Map<Integer, Map<String, String>> rules = new TreeMap<>();
    private byte[] key = Toeplitz.standardKey();
    private int channels;
    private boolean rxChecksum;
    /** Transmit checksumming and TSO: on, as drivers start them (ixgbe sets NETIF_F_TSO and checksum features at probe). */
    private boolean txChecksum = true;
    private boolean tso = true;
    /** {@code -N rx-flow-hash} fields by flow type; ixgbe's defaults (ixgbe_get_rss_hash_opts): TCP sdfn, UDP sd. */
    private final Map<String, String> flowHash = new TreeMap<>(Map.of("tcp4", "sdfn", "udp4", "sd", "tcp6", "sdfn", "udp6", "sd"));

    FakeEthtoolDevice(String dev, int maxChannels, int tableSize) {
        this.dev = dev;
        this.maxChannels = maxChannels;
        this.channels = maxChannels;
        this.table = new ArrayList<>(EthtoolScript.fillEqual(1, tableSize));
    }

    void run(String script) {
        int nextLoc = 0;
        for (String line : script.lines().filter(l -> l.startsWith("ethtool ")).toList()) {
            List<String> w = Tool.words(line);
            if (!w.get(2).equals(dev)) {
                throw new AssertionError("another device: " + line);
            }
            switch (w.get(1)) {
                case "-L" -> channels = Integer.parseInt(w.get(4));
                case "-K" -> features(line, w);
                case "-X" -> indirection(w.subList(3, w.size()));
                case "-N" -> {
                    if (w.get(3).equals("rx-flow-hash")) {
                        flowHash.put(w.get(4), w.get(5));
                    } else if (w.get(3).equals("delete")) {
                        if (rules.remove(Integer.parseInt(w.get(4))) == null) {
                            throw new AssertionError("no rule at " + w.get(4) + " to delete");
                        }
                    } else if (w.get(3).equals("flow-type")) {
                        Map<String, String> rule = new TreeMap<>();
                        rule.put("flow-type", w.get(4));
                        for (int i = 5; i < w.size(); i += 2) {
                            if (w.get(i).equals("m")) {
                                throw new AssertionError("partial masks are not modelled: " + line);
                            }
                            rule.put(w.get(i), w.get(i + 1));
                        }
                        int loc = rule.containsKey("loc") ? Integer.parseInt(rule.get("loc")) : nextLoc;
                        nextLoc = loc + 1;
                        // Like ixgbe (ixgbe_update_ethtool_fdir_entry), a rule at a used location replaces the old one.
                        rules.put(loc, rule);
                    }
                }
                default -> throw new AssertionError("not understood: " + line);
            }
        }
    }

    private void indirection(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "hkey" -> {
                    String[] b = args.get(++i).split(":");
                    key = new byte[b.length];
                    for (int j = 0; j < b.length; j++) {
                        key[j] = (byte) Integer.parseInt(b[j], 16);
                    }
                }
                case "hfunc" -> i++;
                case "equal" -> fill(EthtoolScript.fillEqual(Integer.parseInt(args.get(++i)), table.size()));
                case "weight" -> {
                    int[] weights = args.subList(i + 1, args.size()).stream().takeWhile(x -> x.matches("\\d+"))
                            .mapToInt(Integer::parseInt).toArray();
                    i += weights.length;
                    fill(EthtoolScript.fillWeights(weights, table.size()));
                }
                default -> throw new AssertionError("-X " + args.get(i));
            }
        }
    }

    private void fill(List<Integer> t) {
        for (int i = 0; i < t.size(); i++) {
            table.set(i, t.get(i));
        }
    }

    String ntupleText() {
        StringBuilder sb = new StringBuilder(channels + " RX rings available\nTotal " + rules.size() + " rules\n\n");
        rules.forEach((loc, r) -> {
            String type = r.get("flow-type");
            sb.append("Filter: ").append(loc).append('\n');
            // As ethtool's rxclass.c prints a rule: masks inverted (the bits ignored), IPv6 through inet_ntop.
            boolean v6 = type.endsWith("6");
            String family = v6 ? "IPv6" : "IPv4";
            String any = v6 ? "::" : "0.0.0.0";
            String none = v6 ? "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" : "255.255.255.255";
            sb.append("\tRule Type: ").append(type.startsWith("tcp") ? "TCP over " + family
                    : type.startsWith("udp") ? "UDP over " + family : type.startsWith("sctp") ? "SCTP over " + family
                    : "Raw " + family).append('\n');
            sb.append("\tSrc IP addr: ").append(r.getOrDefault("src-ip", any)).append(" mask: ")
                    .append(r.containsKey("src-ip") ? any : none).append('\n');
            sb.append("\tDest IP addr: ").append(r.getOrDefault("dst-ip", any)).append(" mask: ")
                    .append(r.containsKey("dst-ip") ? any : none).append('\n');
            sb.append(v6 ? "\tTraffic Class: 0x0 mask: 0xff\n" : "\tTOS: 0x0 mask: 0xff\n");
            if (!type.startsWith("ip")) {
                sb.append("\tSrc port: ").append(r.getOrDefault("src-port", "0")).append(" mask: ")
                        .append(r.containsKey("src-port") ? "0x0" : "0xffff").append('\n');
                sb.append("\tDest port: ").append(r.getOrDefault("dst-port", "0")).append(" mask: ")
                        .append(r.containsKey("dst-port") ? "0x0" : "0xffff").append('\n');
            }
            String action = r.get("action");
            sb.append(action.equals("-1") ? "\tAction: Drop\n" : "\tAction: Direct to queue " + action + "\n").append('\n');
        });
        return sb.toString();
    }

    String rssText() {
        StringBuilder sb = new StringBuilder("RX flow hash indirection table for " + dev + " with " + channels + " RX ring(s):\n");
        for (int i = 0; i < table.size(); i++) {
            if (i % 8 == 0) {
                sb.append(i == 0 ? "" : "\n").append(String.format("%5d: ", i));
            }
            sb.append(String.format(" %5d", table.get(i)));
        }
        sb.append("\nRSS hash key:\n").append(SteeringExport.colonHex(key)).append("\nRSS hash function:\n    toeplitz: on\n"
                + "    xor: off\n    crc32: off\n");
        return sb.toString();
    }

    /** What {@code ethtool -n DEV rx-flow-hash T} prints for tcp4, udp4, tcp6 and udp6, one after another (dump_rxfhash). */
    String flowHashText() {
        StringBuilder sb = new StringBuilder();
        for (String type : List.of("tcp4", "udp4", "tcp6", "udp6")) {
            String fields = flowHash.get(type);
            sb.append(type.startsWith("tcp") ? "TCP" : "UDP").append(" over IPV").append(type.charAt(3))
                    .append(" flows use these fields for computing Hash flow key:\n");
            if (fields.contains("s")) {
                sb.append("IP SA\n");
            }
            if (fields.contains("d")) {
                sb.append("IP DA\n");
            }
            if (fields.contains("f")) {
                sb.append("L4 bytes 0 & 1 [TCP/UDP src port]\n");
            }
            if (fields.contains("n")) {
                sb.append("L4 bytes 2 & 3 [TCP/UDP dst port]\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    String channelsText() {
        return "Channel parameters for " + dev + ":\nPre-set maximums:\nRX:\t\tn/a\nTX:\t\tn/a\nOther:\t\t1\nCombined:\t"
                + maxChannels + "\nCurrent hardware settings:\nRX:\t\tn/a\nTX:\t\tn/a\nOther:\t\t1\nCombined:\t" + channels + "\n";
    }

    String featuresText() {
        return "Features for " + dev + ":\nrx-checksumming: " + onOff(rxChecksum) + "\ntx-checksumming: " + onOff(txChecksum)
                + "\n\ttx-checksum-ipv4: off [fixed]\n\ttx-checksum-ip-generic: " + onOff(txChecksum)
                + "\nscatter-gather: on\ntcp-segmentation-offload: " + onOff(tso) + "\n\ttx-tcp-segmentation: " + onOff(tso) + "\n";
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    /** {@code -K DEV NAME on|off ...}: the features the exporter sets; as the kernel, TSO stays off without tx checksums. */
    private void features(String line, List<String> w) {
        for (int i = 3; i + 1 < w.size(); i += 2) {
            boolean on = switch (w.get(i + 1)) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new AssertionError("not on/off: " + line);
            };
            switch (w.get(i)) {
                case "rx" -> rxChecksum = on;
                case "tx" -> txChecksum = on;
                case "tso" -> tso = on;
                case "ntuple" -> {
                    // rules are always accepted here
                }
                default -> throw new AssertionError("a feature the exporter does not set: " + line);
            }
        }
        tso &= txChecksum;
    }
}
