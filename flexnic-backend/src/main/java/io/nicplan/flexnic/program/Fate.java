package io.nicplan.flexnic.program;

/**
 * Where a packet goes. When several stages set a fate, the highest {@link #precedence()} wins
 * and, between equal ones, the later stage: drop &gt; fast path &gt; DMA &gt; queue &gt; RSS &gt;
 * none (the program's default queue). Drop wins so a security stage cannot be overridden by a
 * steering stage; fast path beats plain steering because it is the more specific decision
 * (a FlexTCP flow is also an ordinary flow); RSS is the broadest and loses to everything.
 */
public enum Fate {
    NONE(0), RSS(1), QUEUE(2), DMA(3), FAST_PATH(4), DROP(5);

    private final int precedence;

    Fate(int precedence) {
        this.precedence = precedence;
    }

    /** Higher wins. */
    public int precedence() {
        return precedence;
    }
}
