package io.nicplan.flexnic.emulator;

import io.nicplan.flexnic.pipeline.ParserConfig;
import java.util.Objects;

/**
 * Device settings outside the program: parser limits, descriptors per RX ring, TX queues and
 * their ring size. Defaults: standard frames, 512 RX descriptors (a common driver default),
 * 4 TX queues of 512.
 */
public record EmulatorConfig(ParserConfig parser, int rxRingSize, int txQueues, int txRingSize) {

    public static final EmulatorConfig DEFAULT = new EmulatorConfig(ParserConfig.DEFAULT, 512, 4, 512);

    public EmulatorConfig {
        Objects.requireNonNull(parser, "parser");
        if (rxRingSize < 1 || txQueues < 1 || txRingSize < 1) {
            throw new IllegalArgumentException("ring sizes and TX queue count must be >= 1, got rx ring " + rxRingSize
                    + ", tx queues " + txQueues + ", tx ring " + txRingSize);
        }
    }

    public EmulatorConfig withRxRingSize(int size) {
        return new EmulatorConfig(parser, size, txQueues, txRingSize);
    }

    public EmulatorConfig withParser(ParserConfig config) {
        return new EmulatorConfig(config, rxRingSize, txQueues, txRingSize);
    }
}
