package io.nicplan.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv6AddressTest {

    /** RFC 5952 section 4 and its examples: the left column in any RFC 4291 form, the right the one canonical text. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
            "2001:db8::0:1, 2001:db8::1",
            "2001:DB8::1, 2001:db8::1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "0:0:0:0:0:0:0:0, ::",
            "::1, ::1",
            "1::, 1::",
            "fe80::200:f8ff:fe21:67cf, fe80::200:f8ff:fe21:67cf",
            "::ffff:192.0.2.1, ::ffff:192.0.2.1",
            "0:0:0:0:0:ffff:c000:0201, ::ffff:192.0.2.1",
            "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    })
    void parsesEveryRfc4291FormAndPrintsRfc5952(String text, String canonical) {
        assertThat(Ipv6Address.parse(text).toString()).isEqualTo(canonical);
        assertThat(Ipv6Address.parse(canonical)).isEqualTo(Ipv6Address.parse(text));
    }

    @Test
    void agreesWithTheJdkOnSeededRandomAddresses() throws UnknownHostException {
        Random random = new Random(6);
        for (int i = 0; i < 2000; i++) {
            // Runs of zero groups are what the canonical form is about: make them common.
            byte[] bytes = new byte[16];
            for (int g = 0; g < 8; g++) {
                if (random.nextInt(3) != 0) {
                    bytes[2 * g] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0);
                    bytes[2 * g + 1] = (byte) random.nextInt(256);
                }
            }
            Ipv6Address a = Ipv6Address.fromBytes(bytes, 0);
            assertThat(a.toBytes()).isEqualTo(bytes);
            assertThat(InetAddress.getByName(a.toString()).getAddress()).isEqualTo(bytes);
            assertThat(Ipv6Address.parse(a.toString())).isEqualTo(a);
            assertThat(a.toString()).doesNotContainPattern("(^|:)0[0-9a-f]").doesNotContainPattern("::.*::");
            if (a.toString().indexOf("::") < 0) {
                assertThat(a.toString()).doesNotContainPattern("(^|:)0:0(:|$)");
            }
        }
    }

    @Test
    void rejectsWhatIsNotAnAddressSayingWhy() {
        assertThatThrownBy(() -> Ipv6Address.parse("1::2::3")).hasMessageContaining("'::' may appear only once");
        assertThatThrownBy(() -> Ipv6Address.parse("1:2:3:4:5:6:7")).hasMessageContaining("found 7 groups");
        assertThatThrownBy(() -> Ipv6Address.parse("1:2:3:4::5:6:7:8")).hasMessageContaining("at least one zero group");
        assertThatThrownBy(() -> Ipv6Address.parse("12345::")).hasMessageContaining("more than four hex digits");
        assertThatThrownBy(() -> Ipv6Address.parse("g::")).hasMessageContaining("not hexadecimal");
        assertThatThrownBy(() -> Ipv6Address.parse(":1::")).hasMessageContaining("empty group");
        assertThatThrownBy(() -> Ipv6Address.parse("fe80::1%eth0")).hasMessageContaining("not hexadecimal");
        assertThatThrownBy(() -> Ipv6Address.parse("::1.2.3.256")).hasMessageContaining("not a dotted-quad");
        assertThat(Ipv6Address.tryParse("10.0.0.1")).isEmpty();
    }

    @Test
    void eitherFamilyParsesAndPrintsInUriHostForm() {
        assertThat(IpAddress.parse("10.0.0.1")).isEqualTo(Ipv4Address.parse("10.0.0.1"));
        assertThat(IpAddress.parse("2001:db8::1").toUriHost()).isEqualTo("[2001:db8::1]");
        assertThat(IpAddress.parse("10.0.0.1").toUriHost()).isEqualTo("10.0.0.1");
        assertThat(IpAddress.tryParse("2001:db8::g")).isEmpty();
    }

    @Test
    void wordsGroupsAndSolicitedNodeAddress() {
        Ipv6Address a = Ipv6Address.parse("2001:db8:1:2:3:4:5:6");
        assertThat(a.word(0)).isEqualTo(0x20010db8L);
        assertThat(a.word(3)).isEqualTo(0x00050006L);
        assertThat(Ipv6Address.ofWords(a.word(0), a.word(1), a.word(2), a.word(3))).isEqualTo(a);
        assertThat(a.group(7)).isEqualTo(6);
        // RFC 4291 2.7.1: ff02:0:0:0:0:1:ff00::/104 plus the low 24 bits.
        assertThat(Ipv6Address.parse("2001:db8::abcd:1234:5678").solicitedNode().toString())
                .isEqualTo("ff02::1:ff34:5678");
        assertThat(Ipv6Address.parse("ff02::1").isMulticast()).isTrue();
        assertThat(Ipv6Address.parse("fe80::1").isLinkLocal()).isTrue();
        assertThat(Ipv6Address.parse("fec0::1").isLinkLocal()).isFalse();
    }

    @Test
    void prefixesHoldTheirAddressesAndRejectHostBits() {
        Ipv6Prefix p = Ipv6Prefix.parse("2001:db8::/32");
        assertThat(p.contains(Ipv6Address.parse("2001:db8:ffff::1"))).isTrue();
        assertThat(p.contains(Ipv6Address.parse("2001:db9::1"))).isFalse();
        assertThat(Ipv6Prefix.parse("::/0").contains(Ipv6Address.parse("ff02::1"))).isTrue();
        assertThat(Ipv6Prefix.parse("2001:db8::1/128").contains(Ipv6Address.parse("2001:db8::1"))).isTrue();
        assertThat(Ipv6Prefix.parse("2001:db8::8000:0:0:0/65").toString()).isEqualTo("2001:db8:0:0:8000::/65");
        assertThatThrownBy(() -> Ipv6Prefix.parse("2001:db8::1/32")).hasMessageContaining("bits set after the first 32");
        assertThatThrownBy(() -> Ipv6Prefix.parse("::/129")).hasMessageContaining("outside 0..128");
        assertThatThrownBy(() -> Ipv6Prefix.parse("::/x")).hasMessageContaining("bad prefix length");
    }
}
