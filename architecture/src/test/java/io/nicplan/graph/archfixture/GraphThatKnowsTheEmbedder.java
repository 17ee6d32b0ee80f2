package io.nicplan.graph.archfixture;

import io.nicplan.embed.Embedder;

/** Breaks the module direction on purpose: graph-model may not know the embedder. */
public class GraphThatKnowsTheEmbedder {
    Embedder embedder;
}
