package io.nicplan.optimizer.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A class of packets the host expects, with its service class and rate.
 *
 * @param id unique name of the flow
 * @param match the packets it covers
 * @param trafficClass gold or best-effort
 * @param pps expected packets per second
 * @param bytesPerPacket mean packet size
 * @param application the application that receives it, if known (for the cross-core term)
 */
public record Flow(String id, FlowMatch match, TrafficClass trafficClass, long pps, int bytesPerPacket,
                   Optional<String> application) {

    public Flow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(trafficClass, "trafficClass");
        Objects.requireNonNull(application, "application");
        if (pps < 0) {
            throw new IllegalArgumentException("flow " + id + ": negative rate " + pps);
        }
        if (bytesPerPacket < 0) {
            throw new IllegalArgumentException("flow " + id + ": negative packet size " + bytesPerPacket);
        }
    }

    public boolean isGold() {
        return trafficClass == TrafficClass.GOLD;
    }

    /**
     * Whether the FlexTCP fast path can hold this flow: a fully specified TCP connection over IPv4 (its flow-state
     * entries hold IPv4 addresses: the description's {@code flextcp} entry type, docs/nic-descriptions.md).
     */
    public boolean isExactTcp() {
        return match.isExact() && match.proto().orElseThrow() == Proto.TCP && !match.ipv6();
    }
}
