package io.nicplan.app.embed;

import io.nicplan.app.InputException;
import io.nicplan.descriptions.Descriptions;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.embed.classify.ClassificationReport;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.embedding.Embedding;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;

/**
 * The host's protocol stack on a configured NIC: read a protocol state or a configuration, embed the
 * stack (per queue, the software work left), classify every flow to its queues.
 *
 * <pre>{@code
 * ProtocolState state = Embeddings.readState(json);
 * Embedding e = Embeddings.embed(prg, state, Embeddings.readConfiguration(prg, configJson));
 * System.out.println(Embeddings.render(e, Embedder.Format.TEXT));
 * }</pre>
 */
public final class Embeddings {
    private Embeddings() {
    }

    /**
     * A protocol state from JSON (docs/formats.md).
     *
     * @throws InputException listing every problem at its JSON pointer
     */
    public static ProtocolState readState(String json) {
        try {
            return Embedder.standard().readState(json);
        } catch (InvalidInputException e) {
            throw InputException.of(e);
        }
    }

    /**
     * The configuration of {@code prg}'s C-nodes from JSON.
     *
     * @throws InputException listing every problem at its JSON pointer
     */
    public static Configuration readConfiguration(DataflowGraph prg, String json) {
        try {
            return Embedder.standard().readConfiguration(prg, json);
        } catch (InvalidInputException e) {
            throw InputException.of(e);
        }
    }

    /** The stack built from the shipped LPG template for {@code state}, embedded behind every queue. */
    public static Embedding embed(DataflowGraph prg, ProtocolState state, Configuration configuration) {
        return Embedder.standard().embed(prg, Descriptions.graph(Descriptions.LPG), state, configuration);
    }

    /** An embedding as text, JSON or DOT. */
    public static String render(Embedding embedding, Embedder.Format format) {
        return Embedder.render(embedding, format);
    }

    /** An embedding as DOT with alike queues (same path, pipeline and cost) drawn once. */
    public static String renderCollapsedDot(Embedding embedding) {
        return Embedder.renderCollapsed(embedding);
    }

    /** The queue (or queues, for a wildcard flow) every flow of {@code state} reaches. */
    public static ClassificationReport classify(DataflowGraph prg, ProtocolState state, Configuration configuration) {
        return Embedder.standard().classify(prg, state, configuration);
    }
}
