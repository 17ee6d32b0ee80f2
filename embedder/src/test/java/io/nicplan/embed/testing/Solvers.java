package io.nicplan.embed.testing;

import io.nicplan.embed.Embedder;

/** The embedder tests use: the standard one. */
public final class Solvers {
    private Solvers() {
    }

    public static Embedder embedder() {
        return Embedder.standard();
    }
}
