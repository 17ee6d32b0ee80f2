package io.nicplan.unicorn.parse;

import io.nicplan.unicorn.source.SourceResolver;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to parse: the limits, overrides of {@code param} values, and where imports come from.
 *
 * @param limits resource bounds of the parse
 * @param parameters values that replace the defaults of the named {@code param}s
 * @param resolver finds imported sources
 */
public record ParseOptions(ParseLimits limits, Map<String, Long> parameters, SourceResolver resolver) {

    public ParseOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(resolver, "resolver");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Default limits, no overrides, imports from the file system. */
    public static ParseOptions defaults() {
        return new ParseOptions(ParseLimits.DEFAULTS, Map.of(), SourceResolver.fileSystem());
    }

    public ParseOptions withLimits(ParseLimits newLimits) {
        return new ParseOptions(newLimits, parameters, resolver);
    }

    public ParseOptions withParameters(Map<String, Long> newParameters) {
        return new ParseOptions(limits, newParameters, resolver);
    }

    /** These options with one more parameter override. */
    public ParseOptions withParameter(String name, long value) {
        Map<String, Long> p = new LinkedHashMap<>(parameters);
        p.put(name, value);
        return new ParseOptions(limits, p, resolver);
    }

    public ParseOptions withResolver(SourceResolver newResolver) {
        return new ParseOptions(limits, parameters, newResolver);
    }
}
