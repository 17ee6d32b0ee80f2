package io.nicplan.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ToeplitzTest {

    /**
     * Microsoft, "Verifying the RSS hash calculation": destination, source, the IPv4-only hash
     * and the IPv4-with-TCP hash for the standard key.
     */
    static Stream<Arguments> microsoftIpv4Vectors() {
        return Stream.of(
                Arguments.of("161.142.100.80", 1766, "66.9.149.187", 2794, 0x323e8fc2, 0x51ccc178),
                Arguments.of("65.69.140.83", 4739, "199.92.111.2", 14230, 0xd718262a, 0xc626b0ea),
                Arguments.of("12.22.207.184", 38024, "24.19.198.95", 12898, 0xd2d0a5de, 0x5c2b394a),
                Arguments.of("209.142.163.6", 2217, "38.27.205.30", 48228, 0x82989176, 0xafc7327f),
                Arguments.of("202.188.127.2", 1303, "153.39.163.191", 44251, 0x5d1809c5, 0x10e828a2));
    }

    @ParameterizedTest(name = "{2}:{3} -> {0}:{1}")
    @MethodSource("microsoftIpv4Vectors")
    void reproducesMicrosoftIpv4OnlyVector(String dst, int dport, String src, int sport, int ipv4Only, int withTcp)
            throws UnknownHostException {
        assertThat(Toeplitz.standard().hashIpv4(ipv4(src), ipv4(dst))).isEqualTo(ipv4Only);
    }

    @ParameterizedTest(name = "{2}:{3} -> {0}:{1}")
    @MethodSource("microsoftIpv4Vectors")
    void reproducesMicrosoftIpv4WithTcpVector(String dst, int dport, String src, int sport, int ipv4Only, int withTcp)
            throws UnknownHostException {
        assertThat(Toeplitz.standard().hash(ipv4(src), ipv4(dst), sport, dport)).isEqualTo(withTcp);
    }

    @ParameterizedTest(name = "{2}:{3} -> {0}:{1}")
    @MethodSource("microsoftIpv4Vectors")
    void byteInputAgreesWithIntInput(String dst, int dport, String src, int sport, int ipv4Only, int withTcp)
            throws UnknownHostException {
        byte[] input = ByteBuffer.allocate(12).putInt(ipv4(src)).putInt(ipv4(dst))
                .putShort((short) sport).putShort((short) dport).array();
        assertThat(Toeplitz.standard().hash(input, 0, 8)).isEqualTo(ipv4Only);
        assertThat(Toeplitz.standard().hash(input, 0, 12)).isEqualTo(withTcp);
    }

    /**
     * Microsoft, "Verifying the RSS hash calculation", the IPv6 table: destination, source, the
     * IPv6-only hash and the IPv6-with-TCP hash for the standard key.
     */
    static Stream<Arguments> microsoftIpv6Vectors() {
        return Stream.of(
                Arguments.of("3ffe:2501:200:3::1", 1766, "3ffe:2501:200:1fff::7", 2794, 0x2cc18cd5, 0x40207d3d),
                Arguments.of("ff02::1", 4739, "3ffe:501:8::260:97ff:fe40:efab", 14230, 0x0f0c461c, 0xdde51bbf),
                Arguments.of("fe80::200:f8ff:fe21:67cf", 38024, "3ffe:1900:4545:3:200:f8ff:fe21:67cf", 44251,
                        0x4b61e985, 0x02d1feef));
    }

    @ParameterizedTest(name = "[{2}]:{3} -> [{0}]:{1}")
    @MethodSource("microsoftIpv6Vectors")
    void reproducesMicrosoftIpv6Vectors(String dst, int dport, String src, int sport, int ipv6Only, int withTcp)
            throws UnknownHostException {
        Ipv6Address s = Ipv6Address.parse(src);
        Ipv6Address d = Ipv6Address.parse(dst);
        Toeplitz t = Toeplitz.standard();
        assertThat(t.hashIpv6(s.high(), s.low(), d.high(), d.low())).isEqualTo(ipv6Only);
        assertThat(t.hashIpv6(s.high(), s.low(), d.high(), d.low(), sport, dport)).isEqualTo(withTcp);
        assertThat(RssHashType.IPV6_TCP.hashIpv6(t, 6, s.high(), s.low(), d.high(), d.low(), sport, dport))
                .isEqualTo(withTcp);
        assertThat(RssHashType.IP_TCP.hashIpv6(t, 17, s.high(), s.low(), d.high(), d.low(), sport, dport))
                .isEqualTo(ipv6Only);
        assertThat(RssHashType.IPV4_L4.hashIpv6(t, 6, s.high(), s.low(), d.high(), d.low(), sport, dport)).isZero();
        // The byte-string path, with the addresses as the JDK encodes them, agrees.
        byte[] input = ByteBuffer.allocate(36).put(InetAddress.getByName(src).getAddress())
                .put(InetAddress.getByName(dst).getAddress()).putShort((short) sport).putShort((short) dport).array();
        assertThat(t.hash(input, 0, 32)).isEqualTo(ipv6Only);
        assertThat(t.hash(input, 0, 36)).isEqualTo(withTcp);
    }

    @Test
    void ipv6HashNeedsAFortyByteKeyForPorts() {
        Toeplitz shortKey = Toeplitz.withKey(new byte[36]);
        assertThat(shortKey.hashIpv6(0, 0, 0, 0)).isZero();
        assertThatThrownBy(() -> shortKey.hashIpv6(0, 0, 0, 0, 1, 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("36 bytes exceeds the 32");
    }

    @Test
    void tableHashEqualsBitSerialDefinitionForRandomKeysAndInputs() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] key = new byte[Toeplitz.MIN_KEY_LENGTH + random.nextInt(40)];
            random.nextBytes(key);
            Toeplitz toeplitz = Toeplitz.withKey(key);
            byte[] input = new byte[random.nextInt(toeplitz.maxInputLength() + 1)];
            random.nextBytes(input);
            assertThat(toeplitz.hash(input, 0, input.length)).isEqualTo(bitSerial(key, input));
        }
    }

    @Test
    void standardKeyIsTheFortyByteMicrosoftKey() {
        byte[] key = Toeplitz.standardKey();
        assertThat(key).hasSize(40);
        assertThat(key[0]).isEqualTo((byte) 0x6d);
        assertThat(key[39]).isEqualTo((byte) 0xfa);
        assertThat(Toeplitz.withKey(key)).isSameAs(Toeplitz.standard());
    }

    @Test
    void rejectsKeysTooShortForTheIpv4FourTuple() {
        assertThatThrownBy(() -> Toeplitz.withKey(new byte[15]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16..256 bytes, got 15");
    }

    @Test
    void rejectsInputLongerThanTheKeyCovers() {
        Toeplitz shortKey = Toeplitz.withKey(new byte[16]);
        assertThatThrownBy(() -> shortKey.hash(new byte[13], 0, 13))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the 12 bytes");
    }

    @Test
    void keyCopiesDoNotExposeInternalState() {
        byte[] key = Toeplitz.standard().key();
        key[0] = 0;
        assertThat(Toeplitz.standard().key()[0]).isEqualTo((byte) 0x6d);
    }

    /** The definition, one input bit at a time with a shifting key register. */
    private static int bitSerial(byte[] key, byte[] input) {
        int result = 0;
        for (int bit = 0; bit < input.length * 8; bit++) {
            if ((input[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                int window = 0;
                for (int k = 0; k < 32; k++) {
                    int keyBit = bit + k;
                    int b = (key[keyBit / 8] >>> (7 - keyBit % 8)) & 1;
                    window = (window << 1) | b;
                }
                result ^= window;
            }
        }
        return result;
    }

    private static int ipv4(String dotted) throws UnknownHostException {
        return ByteBuffer.wrap(InetAddress.getByName(dotted).getAddress()).getInt();
    }
}
