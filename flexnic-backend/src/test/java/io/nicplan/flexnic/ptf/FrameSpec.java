package io.nicplan.flexnic.ptf;

import io.nicplan.flexnic.packet.Bytes;
import io.nicplan.flexnic.packet.EtherType;
import io.nicplan.flexnic.packet.FrameBuilder;
import io.nicplan.flexnic.packet.IpProtocol;
import io.nicplan.flexnic.packet.Ipv4View;
import io.nicplan.flexnic.packet.TcpFlags;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The frame half of a {@code send} line: a builder description or hex bytes, then mutations
 * after {@code |}. See docs/flexnic.md for the grammar.
 */
final class FrameSpec {

    private FrameSpec() {
    }

    static byte[] parse(String text) {
        String[] parts = text.split("\\|");
        byte[] frame = build(PacketTestFile.tokens(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            frame = mutate(frame, PacketTestFile.tokens(parts[i]));
        }
        return frame;
    }

    private static byte[] build(List<String> t) {
        if (t.isEmpty()) {
            throw new IllegalArgumentException("send needs a frame: tcp, udp, icmp, ip, arp, raw or hex");
        }
        String kind = t.get(0);
        if (kind.equals("hex")) {
            return hex(String.join("", t.subList(1, t.size())));
        }
        FrameBuilder b = FrameBuilder.ethernet();
        int i = 1;
        switch (kind) {
            case "tcp", "udp" -> {
                expectArrow(t);
                String[] src = t.get(1).split(":");
                String[] dst = t.get(3).split(":");
                if (src.length != 2 || dst.length != 2) {
                    throw new IllegalArgumentException(kind + " needs ADDR:PORT > ADDR:PORT, got " + String.join(" ", t));
                }
                b.ipv4(src[0], dst[0]);
                if (kind.equals("tcp")) {
                    b.tcp(Integer.parseInt(src[1]), Integer.parseInt(dst[1]));
                } else {
                    b.udp(Integer.parseInt(src[1]), Integer.parseInt(dst[1]));
                }
                i = 4;
            }
            case "icmp", "ip" -> {
                expectArrow(t);
                b.ipv4(t.get(1), t.get(3));
                if (kind.equals("icmp")) {
                    b.icmpEcho(1, 1);
                }
                i = 4;
            }
            case "arp" -> {
                if (t.size() < 5 || !t.get(1).equals("who-has") || !t.get(3).equals("tell")) {
                    throw new IllegalArgumentException("arp needs 'who-has IP tell IP', got " + String.join(" ", t));
                }
                b.arpRequest(MacAddress.parse("02:00:00:00:00:09"), Ipv4Address.parse(t.get(4)), Ipv4Address.parse(t.get(2)));
                i = 5;
            }
            case "raw" -> {
                b.etherType((int) number(t.get(1)));
                i = 2;
            }
            default -> throw new IllegalArgumentException("unknown frame kind '" + kind + "' (tcp, udp, icmp, ip, arp, raw, hex)");
        }
        while (i < t.size()) {
            String option = t.get(i);
            switch (option) {
                case "flags" -> b.flags(TcpFlags.parse(t.get(++i)));
                case "seq" -> b.seq((int) number(t.get(++i)));
                case "ack" -> b.ack((int) number(t.get(++i)));
                case "window" -> b.window((int) number(t.get(++i)));
                case "payload" -> b.payloadLength((int) number(t.get(++i)));
                case "vlan" -> b.vlan((int) number(t.get(++i)));
                case "ttl" -> b.ttl((int) number(t.get(++i)));
                case "dscp" -> b.dscp((int) number(t.get(++i)));
                case "mss" -> b.mss((int) number(t.get(++i)));
                case "ws" -> b.windowScale((int) number(t.get(++i)));
                case "sack" -> b.sackPermitted();
                case "ts" -> {
                    b.timestamps((int) number(t.get(i + 1)), (int) number(t.get(i + 2)));
                    i += 2;
                }
                case "proto" -> b.ipProtocol((int) number(t.get(++i)));
                case "src-mac" -> b.src(MacAddress.parse(t.get(++i)));
                case "dst-mac" -> b.dst(MacAddress.parse(t.get(++i)));
                default -> throw new IllegalArgumentException("unknown frame option '" + option + "'");
            }
            i++;
        }
        return b.build();
    }

    private static byte[] mutate(byte[] frame, List<String> t) {
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty mutation after '|'");
        }
        String op = t.get(0);
        int l3 = l3Offset(frame);
        switch (op) {
            case "truncate":
                return Arrays.copyOf(frame, (int) number(t.get(1)));
            case "pad":
                return Arrays.copyOf(frame, frame.length + (int) number(t.get(1)));
            case "set": {
                byte[] copy = frame.clone();
                byte[] bytes = hex(t.get(2));
                System.arraycopy(bytes, 0, copy, (int) number(t.get(1)), bytes.length);
                return copy;
            }
            case "ip-version": {
                byte[] c = frame.clone();
                c[l3] = (byte) ((number(t.get(1)) << 4) | (c[l3] & 0x0f));
                return c;
            }
            case "ip-ihl": {
                byte[] c = frame.clone();
                c[l3] = (byte) ((c[l3] & 0xf0) | number(t.get(1)));
                return c;
            }
            case "ip-total-length": {
                byte[] c = frame.clone();
                Bytes.setU16(c, l3 + 2, (int) number(t.get(1)));
                return c;
            }
            case "ip-flags": {
                // e.g. "ip-flags mf" or "ip-flags offset 8"
                byte[] c = frame.clone();
                int v = t.get(1).equals("mf") ? 0x2000 : (int) number(t.get(2)) & 0x1fff;
                Bytes.setU16(c, l3 + 6, v);
                return c;
            }
            case "fix-ip-checksum": {
                byte[] c = frame.clone();
                Ipv4View.over(c, l3, c.length - l3).fillChecksum();
                return c;
            }
            case "bad-ip-checksum": {
                byte[] c = frame.clone();
                c[l3 + 11] ^= 1;
                return c;
            }
            case "bad-l4-checksum": {
                byte[] c = frame.clone();
                int l4 = l3 + (c[l3] & 0x0f) * 4;
                int proto = c[l3 + 9] & 0xff;
                int at = proto == IpProtocol.TCP ? 16 : proto == IpProtocol.UDP ? 6 : 2;
                c[l4 + at + 1] ^= 1;
                return c;
            }
            case "udp-length": {
                byte[] c = frame.clone();
                Bytes.setU16(c, l3 + (c[l3] & 0x0f) * 4 + 4, (int) number(t.get(1)));
                return c;
            }
            case "udp-checksum": {
                byte[] c = frame.clone();
                Bytes.setU16(c, l3 + (c[l3] & 0x0f) * 4 + 6, (int) number(t.get(1)));
                return c;
            }
            case "tcp-offset": {
                byte[] c = frame.clone();
                int l4 = l3 + (c[l3] & 0x0f) * 4;
                c[l4 + 12] = (byte) (number(t.get(1)) << 4);
                return c;
            }
            default:
                throw new IllegalArgumentException("unknown mutation '" + op + "' (truncate, pad, set, ip-version, ip-ihl,"
                        + " ip-total-length, ip-flags, fix-ip-checksum, bad-ip-checksum, bad-l4-checksum, udp-length,"
                        + " udp-checksum, tcp-offset)");
        }
    }

    private static int l3Offset(byte[] frame) {
        return frame.length >= 14 && Bytes.u16(frame, 12) == EtherType.VLAN ? 18 : 14;
    }

    private static void expectArrow(List<String> t) {
        if (t.size() < 4 || !t.get(2).equals(">")) {
            throw new IllegalArgumentException("expected 'SRC > DST', got " + String.join(" ", t));
        }
    }

    static long number(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    static byte[] hex(String text) {
        String clean = text.replaceAll("\\s+", "");
        if (clean.length() % 2 != 0) {
            throw new IllegalArgumentException("hex has an odd number of digits: " + clean);
        }
        return HexFormat.of().parseHex(clean);
    }
}
