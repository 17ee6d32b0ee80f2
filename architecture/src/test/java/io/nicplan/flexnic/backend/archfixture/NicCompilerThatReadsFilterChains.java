package io.nicplan.flexnic.backend.archfixture;

import io.nicplan.embed.expand.FilterChain;

/** Breaks "the compiler reads only the steering form" on purpose. */
public class NicCompilerThatReadsFilterChains {
    FilterChain chain;
}
