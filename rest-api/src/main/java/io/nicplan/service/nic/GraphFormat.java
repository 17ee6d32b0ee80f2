package io.nicplan.service.nic;

import io.nicplan.service.problem.ApiProblem;
import java.util.Locale;

/** Export formats of a graph: Graphviz DOT, JSON, or SVG (the DOT drawn by Graphviz). */
public enum GraphFormat {
    DOT, JSON, SVG;

    /** Reads a {@code ?format=} value ({@code dot} or {@code json}, any case); 400 otherwise. */
    public static GraphFormat parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (GraphFormat f : values()) {
            if (f.name().equals(t)) {
                return f;
            }
        }
        throw ApiProblem.badRequest("format '" + text + "' is not one of dot, json, svg");
    }
}
