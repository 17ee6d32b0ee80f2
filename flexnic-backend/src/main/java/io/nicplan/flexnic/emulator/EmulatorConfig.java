package io.nicplan.flexnic.emulator;

import io.nicplan.flexnic.host.HostRing;
import io.nicplan.flexnic.pipeline.ParserConfig;
import java.util.Objects;

/**
 * Device settings outside the program: parser limits, descriptors per RX ring, TX queues and
 * their ring size. Defaults: standard frames, 512 RX descriptors (a common driver default),
 * 4 TX queues of 512.
 */
public record EmulatorConfig(ParserConfig parser, int rxRingSize, int txQueues, int txRingSize) {

    public static final EmulatorConfig DEFAULT = new EmulatorConfig(ParserConfig.DEFAULT, 512, 4, 512);
    public static final int MAX_TX_QUEUES = 1024;

    public EmulatorConfig {
        Objects.requireNonNull(parser, "parser");
        if (rxRingSize < 1 || txQueues < 1 || txRingSize < 1) {
            throw new IllegalArgumentException("ring sizes and TX queue count must be >= 1, got rx ring " + rxRingSize
                    + ", tx queues " + txQueues + ", tx ring " + txRingSize);
        }
        if (txQueues > MAX_TX_QUEUES) {
            throw new IllegalArgumentException("at most " + MAX_TX_QUEUES + " TX queues, got " + txQueues);
        }
        // Every slot of a ring holds a frame of the parser's maximum length.
        for (int ring : new int[] {rxRingSize, txRingSize}) {
            if ((long) ring * parser.maxFrameLength() > HostRing.MAX_BYTES) {
                throw new IllegalArgumentException("a ring of " + ring + " descriptors of " + parser.maxFrameLength()
                        + " bytes exceeds " + (HostRing.MAX_BYTES >> 20) + " MiB");
            }
        }
    }

    public EmulatorConfig withRxRingSize(int size) {
        return new EmulatorConfig(parser, size, txQueues, txRingSize);
    }

    public EmulatorConfig withParser(ParserConfig config) {
        return new EmulatorConfig(config, rxRingSize, txQueues, txRingSize);
    }
}
