package io.nicplan.graph.predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FieldValuesTest {

    private static long ok(HeaderField f, String text) {
        FieldValues.Parsed p = FieldValues.parse(f, text);
        assertThat(p.error()).isEmpty();
        return p.get();
    }

    private static String error(HeaderField f, String text) {
        FieldValues.Parsed p = FieldValues.parse(f, text);
        assertThat(p.isOk()).as("'%s' for %s should be rejected", text, f).isFalse();
        return p.error().orElseThrow();
    }

    @Test
    void acceptsDecimalHexAddressesAndSymbols() {
        assertThat(ok(HeaderField.L4_DPORT, "53")).isEqualTo(53);
        assertThat(ok(HeaderField.ETH_TYPE, "0x0800")).isEqualTo(0x0800);
        assertThat(ok(HeaderField.ETH_TYPE, "0X86dd")).isEqualTo(0x86dd);
        assertThat(ok(HeaderField.IP_DST, "10.0.0.1")).isEqualTo(0x0a000001L);
        assertThat(ok(HeaderField.IP_SRC, "255.255.255.255")).isEqualTo(0xffffffffL);
        assertThat(ok(HeaderField.ETH_DST, "00:1b:21:0A:0b:0c")).isEqualTo(0x001b210a0b0cL);
        assertThat(ok(HeaderField.IP_PROTO, "udp")).isEqualTo(17);
        assertThat(ok(HeaderField.IP_PROTO, "TCP")).isEqualTo(6);
        assertThat(ok(HeaderField.ETH_TYPE, "ipv4")).isEqualTo(0x0800);
        assertThat(ok(HeaderField.TCP_FLAGS, "syn")).isEqualTo(2);
        assertThat(ok(HeaderField.IP_SRC, "167772161")).isEqualTo(0x0a000001L);
        assertThat(ok(HeaderField.L4_DPORT, "00053")).isEqualTo(53);
    }

    @Test
    void valuesWiderThanTheFieldNameTheWidth() {
        assertThat(error(HeaderField.L4_DPORT, "65536")).contains("l4.dport").contains("16 bits").contains("65535");
        assertThat(error(HeaderField.ETH_FCS_OK, "2")).contains("1 bits");
        assertThat(error(HeaderField.IP_PROTO, "0x100")).contains("8 bits");
        assertThat(error(HeaderField.ETH_DST, "0x1000000000000")).contains("48 bits");
        assertThat(error(HeaderField.L4_DPORT, "99999999999999999999999")).contains("16 bits");
    }

    @Test
    void wrongKindsOfValueAreRejectedWithTheReason() {
        assertThat(error(HeaderField.L4_DPORT, "10.0.0.1")).contains("IPv4 address").contains("16-bit number");
        assertThat(error(HeaderField.IP_SRC, "00:11:22:33:44:55")).contains("MAC address");
        assertThat(error(HeaderField.IP_SRC, "10.0.0.256")).contains("above 255");
        assertThat(error(HeaderField.IP_PROTO, "udpx")).contains("unknown symbol 'udpx'").contains("icmp, icmp6, sctp, tcp, udp");
        assertThat(error(HeaderField.IP_TTL, "udp")).contains("no symbolic values");
        assertThat(error(HeaderField.L4_DPORT, "-1")).contains("not a value");
        assertThat(error(HeaderField.L4_DPORT, "  ")).contains("empty");
        assertThat(error(HeaderField.ETH_TYPE, "0x")).contains("not a value");
    }

    @Test
    void formatsPerFieldFormatAndPrefersSymbols() {
        assertThat(FieldValues.format(HeaderField.IP_DST, 0x0a000001L)).isEqualTo("10.0.0.1");
        assertThat(FieldValues.format(HeaderField.ETH_SRC, 0x001b210a0b0cL)).isEqualTo("00:1b:21:0a:0b:0c");
        assertThat(FieldValues.format(HeaderField.ETH_TYPE, 0x0800)).isEqualTo("ipv4");
        assertThat(FieldValues.format(HeaderField.ETH_TYPE, 0x88cc)).isEqualTo("0x88cc");
        assertThat(FieldValues.format(HeaderField.META_MARK, 5)).isEqualTo("0x00000005");
        assertThat(FieldValues.format(HeaderField.IP_PROTO, 17)).isEqualTo("udp");
        assertThat(FieldValues.format(HeaderField.IP_PROTO, 47)).isEqualTo("47");
        assertThat(FieldValues.format(HeaderField.IP_CSUM_OK, 1)).isEqualTo("1");
        assertThat(FieldValues.formatNumber(HeaderField.IP_PROTO, 17)).isEqualTo("17");
        assertThat(FieldValues.formatMask(HeaderField.L4_DPORT, 0xff00)).isEqualTo("0xff00");
        assertThatThrownBy(() -> FieldValues.format(HeaderField.L4_DPORT, 70000)).hasMessageContaining("16 bits");
    }

    @Test
    void everyFormattedValueParsesBack() {
        java.util.Random rnd = new java.util.Random(3);
        for (HeaderField f : HeaderField.values()) {
            for (int i = 0; i < 50; i++) {
                long v = i == 0 ? 0 : i == 1 ? f.maxValue() : rnd.nextLong() & f.fullMask();
                assertThat(ok(f, FieldValues.format(f, v))).isEqualTo(v);
                assertThat(ok(f, FieldValues.formatNumber(f, v))).isEqualTo(v);
                assertThat(ok(f, FieldValues.formatMask(f, v))).isEqualTo(v);
            }
            for (var symbol : f.symbols().entrySet()) {
                assertThat(ok(f, symbol.getKey())).isEqualTo(symbol.getValue());
            }
        }
    }
}
