package io.nicplan.app;

import io.nicplan.embed.Examples;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;
import io.nicplan.optimizer.cost.CostSpec;
import io.nicplan.optimizer.cost.CostSpecReader;
import io.nicplan.optimizer.examples.DemoWorkload;

/** The shipped example inputs the demo and the tests of both doors use. */
public final class Samples {
    private Samples() {
    }

    /** A small memcached host (docs/formats.md example). */
    public static String memcachedState() {
        return Examples.memcachedState();
    }

    /** Five-tuple and flow-director filters with checksum offload for {@link #memcachedState()} on the 82599. */
    public static String memcached82599Config() {
        return Examples.memcached82599Config();
    }

    /** The demo's 200 memcached-like flows (20 gold, unequal rates), generated from {@code seed}. */
    public static ProtocolState demoState(long seed) {
        return DemoWorkload.state(seed);
    }

    /** {@link #demoState(long)} as JSON (docs/formats.md "Protocol state"), as a client of either door sends it. */
    public static String demoStateJson(long seed) {
        return ProtocolStateJson.write(DemoWorkload.state(seed));
    }

    /** The demo's objective: gold flows on exclusive queues, then balance and software cycles. */
    public static CostSpec demoCost() {
        return CostSpecReader.read(DemoWorkload.priorityCost());
    }

    /**
     * FlexNIC's key-value example (ASPLOS 2016): four cores, each owning the keys of its bucket
     * ({@link #keyOwner}), clients requesting keys over UDP and TCP.
     */
    public static String kvFlexnicState() {
        return Examples.kvFlexnicState();
    }

    /** The key-value steering program for {@code builtin:flexnic}: hash the key into meta.hash, map each bucket to its owner's queue. */
    public static String kvFlexnicConfig() {
        return Examples.kvFlexnicConfig();
    }

    /**
     * The core that owns {@code key} in {@link #kvFlexnicState()}: CRC32C of the key's bytes mod the
     * core count, as a partitioned store splits its keys (queue q serves core q there).
     */
    public static int keyOwner(String key, int cores) {
        return io.nicplan.optimizer.kv.KeyOwnership.ownerIndex(key, cores);
    }

    /** {@link #demoCost()} as JSON text. */
    public static String demoCostJson() {
        return DemoWorkload.priorityCost();
    }
}
