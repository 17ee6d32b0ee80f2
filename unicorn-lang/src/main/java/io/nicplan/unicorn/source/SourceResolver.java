package io.nicplan.unicorn.source;

import io.nicplan.unicorn.source.FileSystemResolver;
import java.util.Optional;

/**
 * Finds the source an {@code import "PATH"} names. The nic-descriptions module provides one for
 * {@code builtin:NAME}; {@link #fileSystem()} resolves paths relative to the importing file.
 */
@FunctionalInterface
public interface SourceResolver {

    /**
     * The source {@code importPath} names, or empty when there is none.
     *
     * @param importPath the import's path as written
     * @param fromFile the name of the importing source, empty for a top-level request
     * @throws SourceException when the source exists but cannot be read
     */
    Optional<Source> resolve(String importPath, Optional<String> fromFile);

    /** Files on disk, relative to the importing file; at most 64 MiB are read (the parser then applies its own limit). */
    static SourceResolver fileSystem() {
        return new FileSystemResolver();
    }

    /** Resolves nothing: every import is reported as not found. */
    static SourceResolver none() {
        return (path, from) -> Optional.empty();
    }

    /** This resolver, and {@code next} for what this one does not find. */
    default SourceResolver orElse(SourceResolver next) {
        return (path, from) -> {
            Optional<Source> found = resolve(path, from);
            return found.isPresent() ? found : next.resolve(path, from);
        };
    }
}
