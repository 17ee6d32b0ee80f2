package io.nicplan.optimizer.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.embed.rss.RssSpec;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import io.nicplan.optimizer.domain.FlowMatch;
import io.nicplan.optimizer.domain.Proto;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The optimizer's RSS bucket of a concrete flow is the bucket the embedder's RSS node computes for its packets. */
class RssBucketTest {

    @Test
    void everyHashFieldSetGivesTheEmbeddersBucket() {
        Random random = new Random(17);
        int compared = 0;
        for (RssHashType type : RssHashType.values()) {
            for (int entries : new int[] {1, 64, 128, 512}) {
                RssSpec embedder = new RssSpec(type, Toeplitz.standard(), entries);
                for (int i = 0; i < 500; i++) {
                    Proto proto = random.nextBoolean() ? Proto.TCP : Proto.UDP;
                    FlowMatch m = FlowMatch.exact(proto, random.nextInt() & 0xFFFF_FFFFL, random.nextInt() & 0xFFFF_FFFFL,
                            random.nextInt(65_536), random.nextInt(65_536));
                    assertThat(CostModel.rssBucket(m, type, entries)).as(type + " " + m).isEqualTo(embedder.bucket(packet(m)));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(RssHashType.values().length * 4 * 500);
    }

    @Test
    void planHashIsIpv4L4AndWildcardsSpread() {
        FlowMatch m = FlowMatch.exact(Proto.UDP, 0x0a000101L, 0x0a000001L, 40001, 11211);
        assertThat(CostModel.rssBucket(m, 128)).isEqualTo(CostModel.rssBucket(m, RssHashType.IPV4_L4, 128));
        FlowMatch wild = new FlowMatch(m.proto(), m.srcIp(), m.dstIp(), java.util.OptionalInt.empty(), m.dstPort());
        assertThat(CostModel.rssBucket(wild, 128)).isEqualTo(-1);
        // addresses only: a missing port does not matter
        assertThat(CostModel.rssBucket(wild, RssHashType.IPV4, 128)).isEqualTo(CostModel.rssBucket(m, RssHashType.IPV4, 128));
    }

    private static long[] packet(FlowMatch m) {
        long[] p = new long[HeaderField.values().length];
        p[HeaderField.ETH_TYPE.ordinal()] = 0x0800;
        p[HeaderField.IP_PROTO.ordinal()] = m.proto().orElseThrow().number();
        p[HeaderField.IP_SRC.ordinal()] = m.srcIp().getAsLong();
        p[HeaderField.IP_DST.ordinal()] = m.dstIp().getAsLong();
        p[HeaderField.L4_SPORT.ordinal()] = m.srcPort().getAsInt();
        p[HeaderField.L4_DPORT.ordinal()] = m.dstPort().getAsInt();
        return p;
    }
}
