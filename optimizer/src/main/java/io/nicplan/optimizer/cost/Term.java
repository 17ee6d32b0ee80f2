package io.nicplan.optimizer.cost;

import java.util.Arrays;
import java.util.Optional;

/** The catalogue of weighted soft terms a cost specification may use. */
public enum Term {
    /** Dragonet's balance: spread of flow counts over the balanced queues. */
    BALANCE("balance"),
    /** Spread of packets per second over the balanced queues. */
    BALANCE_BY_RATE("balanceByRate"),
    /** Gold flows on exclusive queues; each class balanced within its queues. */
    PRIORITY("priority"),
    /** A fixed queue split per class; each class balanced within its queues. */
    STATIC("static"),
    /** Software cycles per second: per-packet cycles of the flow's queue pipeline times its rate. */
    SOFTWARE_CYCLES("softwareCycles"),
    /** Packets per second that land on a queue whose core does not run the flow's application. */
    CROSS_CORE("crossCore"),
    /** Packets per second of exact TCP flows left off the FlexTCP fast path. */
    FAST_PATH("fastPath"),
    /** Table entries written, compared with the currently installed plan. */
    CHURN("churn");

    /**
     * Fixed point of every term's value: values are held in thousandths of their unit (flows, packets or
     * kilocycles per second, entries), so a spread term's fractional deviation stays exact in a long and
     * one weight unit means the same amount of every term.
     */
    public static final long SCALE = 1000;

    private final String jsonName;

    /** A value in thousandths ({@link #SCALE}) written in its unit, e.g. 1234.567. */
    public static String inUnits(long thousandths) {
        return java.math.BigDecimal.valueOf(thousandths, 3).toPlainString();
    }

    Term(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Whether the term measures how evenly load spreads over queues. */
    public boolean isSpread() {
        return this == BALANCE || this == BALANCE_BY_RATE || this == PRIORITY || this == STATIC;
    }

    public static Optional<Term> byJsonName(String name) {
        return Arrays.stream(values()).filter(t -> t.jsonName.equals(name)).findFirst();
    }
}
