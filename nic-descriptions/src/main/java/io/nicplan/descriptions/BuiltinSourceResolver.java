package io.nicplan.descriptions;

import io.nicplan.unicorn.source.Source;
import io.nicplan.unicorn.source.SourceResolver;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Resolves imports of shipped files: {@code import "builtin:common/rx-queues"} from anywhere, and
 * relative imports ({@code import "common/rx-queues.unicorn"}) written in a shipped file. Other
 * paths are left to the next resolver, e.g. {@code new BuiltinSourceResolver().orElse(SourceResolver.fileSystem())}.
 */
public final class BuiltinSourceResolver implements SourceResolver {

    private static final String EXTENSION = ".unicorn";

    @Override
    public Optional<Source> resolve(String importPath, Optional<String> fromFile) {
        if (importPath.startsWith(Descriptions.BUILTIN_PREFIX)) {
            return load(importPath.substring(Descriptions.BUILTIN_PREFIX.length()));
        }
        Optional<String> importer = fromFile.filter(f -> f.startsWith(Descriptions.BUILTIN_PREFIX));
        if (importer.isEmpty()) {
            return Optional.empty();
        }
        return relativeTo(importer.get().substring(Descriptions.BUILTIN_PREFIX.length()), importPath).flatMap(this::load);
    }

    private Optional<Source> load(String name) {
        String bare = name.endsWith(EXTENSION) ? name.substring(0, name.length() - EXTENSION.length()) : name;
        return Descriptions.source(bare).map(text -> new Source(Descriptions.displayName(bare), text));
    }

    /** The builtin name {@code path} denotes from inside builtin {@code importer}; empty when it climbs out. */
    private static Optional<String> relativeTo(String importer, String path) {
        Deque<String> parts = new ArrayDeque<>();
        String[] base = importer.split("/");
        for (int i = 0; i < base.length - 1; i++) {
            parts.addLast(base[i]);
        }
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
    }
}
