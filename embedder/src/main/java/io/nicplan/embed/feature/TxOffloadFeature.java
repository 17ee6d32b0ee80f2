package io.nicplan.embed.feature;

import io.nicplan.descriptions.conventions.ConfigFunction;
import io.nicplan.descriptions.conventions.ConfigFunctionRule;
import io.nicplan.embed.expand.TxOffloadFunction;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;

/** A transmit offload (TSO, transmit checksum insertion): what the host stack may leave to the NIC on transmit. */
final class TxOffloadFeature implements NicFeature {
    private final TxOffloadFunction configuration = new TxOffloadFunction();

    @Override
    public TxOffloadFunction configuration() {
        return configuration;
    }

    @Override
    public ConfigFunctionRule convention() {
        return ConfigFunction.TX_OFFLOAD;
    }

    @Override
    public OptimizerFacet facet(Node node, DataflowGraph prg) {
        // Changes what software does on transmit, not where a received flow goes: every plan turns it on.
        return new OptimizerFacet.TransmitOffload();
    }

    @Override
    public void lowerSettings(Node node, SteeringBuilder steering) {
        // Not a receive setting: a NIC performs a transmit offload when the driver asks for it in a
        // frame's descriptor (the 82599's advanced transmit context descriptor, datasheet 7.2.3), so the
        // receive steering form has nothing to carry.
    }

    @Override
    public void lowerTables(Node node, SteeringBuilder steering) {
        // Not a table.
    }
}
