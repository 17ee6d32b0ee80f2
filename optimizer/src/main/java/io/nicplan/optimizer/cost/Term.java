package io.nicplan.optimizer.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * A weighted soft term of the objective. Each term is one class: a {@link LinearTerm} (what one flow costs at one
 * placement, summed over the flows) or a {@link SpreadTerm} (how evenly load spreads over queues). {@link Terms}
 * lists the ones a cost specification may name; OptaPlanner's constraints, greedy and exhaustive search all loop
 * over the terms in use, so adding a term is its class, its entry in {@link Terms#standard()} and its row in
 * docs/formats.md.
 */
public interface Term {
    /**
     * Fixed point of every term's value: values are held in thousandths of their unit (flows, packets or
     * kilocycles per second, entries), so a spread term's fractional deviation stays exact in a long and
     * one weight unit means the same amount of every term.
     */
    long SCALE = 1000;

    /** Dragonet's balance: spread of flow counts over the balanced queues. */
    SpreadTerm BALANCE = new Balance("balance", false);
    /** Spread of packets per second over the balanced queues. */
    SpreadTerm BALANCE_BY_RATE = new Balance("balanceByRate", true);
    /** Gold flows on exclusive queues; each class balanced within its queues. */
    SpreadTerm PRIORITY = new Priority();
    /** A fixed queue split per class; each class balanced within its queues. */
    SpreadTerm STATIC = new StaticSplit();
    /** Software cycles per second: per-packet cycles of the flow's queue pipeline times its rate. */
    LinearTerm SOFTWARE_CYCLES = new SoftwareCycles();
    /** Packets per second that land on a queue whose core does not run the flow's application. */
    LinearTerm CROSS_CORE = new CrossCore();
    /** Packets per second of exact TCP flows left off the FlexTCP fast path. */
    LinearTerm FAST_PATH = new FastPath();
    /** Table entries written, compared with the currently installed plan. */
    LinearTerm CHURN = new Churn();
    /** Dragonet's balance as its source computes it: standard deviation of flow counts over queues 1..n-1. */
    QueueCountTerm DRAGONET_BALANCE = new DragonetBalance();
    /** Dragonet's priority as its source computes it: gold queues wherever gold flows land, with its rejections. */
    QueueCountTerm DRAGONET_PRIORITY = new DragonetPriority();

    /** A value in thousandths ({@link #SCALE}) written in its unit, e.g. 1234.567. */
    static String inUnits(long thousandths) {
        return java.math.BigDecimal.valueOf(thousandths, 3).toPlainString();
    }

    /** The key a cost specification names the term by (docs/formats.md), also its constraint's name. */
    String jsonName();

    /** Whether the term measures how evenly load spreads over queues. */
    default boolean isSpread() {
        return this instanceof SpreadTerm;
    }

    /** The fields the term's object form accepts besides {@code weight}. */
    default Set<String> options() {
        return Set.of();
    }

    /** Reads the term's options (only fields of {@link #options()} are present) from its object form at {@code at}. */
    default void readOptions(JsonNode body, String at, CostSpecReader.Options into) {
    }

    /** Writes the term's options from {@code spec} into its object form. */
    default void writeOptions(CostSpec spec, ObjectNode into) {
    }

    /** The standard term named {@code name}. */
    static Optional<Term> byJsonName(String name) {
        return Terms.standard().byJsonName(name);
    }
}
