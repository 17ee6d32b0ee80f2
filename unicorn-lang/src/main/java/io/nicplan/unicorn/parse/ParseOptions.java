package io.nicplan.unicorn.parse;

import io.nicplan.unicorn.source.SourceResolver;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to parse: the limits, overrides of {@code param} values, and where imports come from.
 *
 * @param limits resource bounds of the parse
 * @param parameters values that replace the defaults of the named {@code param}s
 * @param resolver finds imported sources
 * @param configFunctions the {@code function} names a config node may give (the embedder's NIC
 *     features); another name is an error at its token. Empty: any name (the language alone does
 *     not know which functions exist).
 */
public record ParseOptions(ParseLimits limits, Map<String, Long> parameters, SourceResolver resolver,
                           Optional<Set<String>> configFunctions) {

    public ParseOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(resolver, "resolver");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        configFunctions = configFunctions.map(names -> Collections.unmodifiableSet(new TreeSet<>(names)));
    }

    /** Options accepting any function name. */
    public ParseOptions(ParseLimits limits, Map<String, Long> parameters, SourceResolver resolver) {
        this(limits, parameters, resolver, Optional.empty());
    }

    /** Default limits, no overrides, imports from the file system. */
    public static ParseOptions defaults() {
        return new ParseOptions(ParseLimits.DEFAULTS, Map.of(), SourceResolver.fileSystem());
    }

    public ParseOptions withLimits(ParseLimits newLimits) {
        return new ParseOptions(newLimits, parameters, resolver, configFunctions);
    }

    public ParseOptions withParameters(Map<String, Long> newParameters) {
        return new ParseOptions(limits, newParameters, resolver, configFunctions);
    }

    /** These options accepting only these config-node function names. */
    public ParseOptions withConfigFunctions(Set<String> names) {
        return new ParseOptions(limits, parameters, resolver, Optional.of(names));
    }

    /** These options with one more parameter override. */
    public ParseOptions withParameter(String name, long value) {
        Map<String, Long> p = new LinkedHashMap<>(parameters);
        p.put(name, value);
        return new ParseOptions(limits, p, resolver, configFunctions);
    }

    public ParseOptions withResolver(SourceResolver newResolver) {
        return new ParseOptions(limits, parameters, newResolver, configFunctions);
    }
}
