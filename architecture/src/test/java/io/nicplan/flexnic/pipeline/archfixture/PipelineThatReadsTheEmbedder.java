package io.nicplan.flexnic.pipeline.archfixture;

import io.nicplan.embed.Embedder;

/** Breaks "the per-packet path imports nothing from the embedder" on purpose. */
public class PipelineThatReadsTheEmbedder {
    Embedder embedder;
}
