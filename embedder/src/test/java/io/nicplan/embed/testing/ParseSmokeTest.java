package io.nicplan.embed.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParseSmokeTest {
    @Test
    void shippedDescriptionsParse() {
        assertThat(Nics.intel82599().nodeCount()).isGreaterThan(100);
        assertThat(Nics.lpg().nodeCount()).isGreaterThan(20);
        System.out.println(Nics.intel82599().node("Q3.Rx"));
        System.out.println(Nics.intel82599().node("FiveTuple"));
        System.out.println(Nics.lpg().node("UdpEndpoints"));
        System.out.println(Nics.lpg().node("Eth.DstType"));
    }
}
