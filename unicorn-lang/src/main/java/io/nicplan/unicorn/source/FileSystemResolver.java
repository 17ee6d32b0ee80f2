package io.nicplan.unicorn.source;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves imports as file paths relative to the importing file (or the working directory for a
 * top-level request). {@code builtin:} paths are left to other resolvers.
 */
final class FileSystemResolver implements SourceResolver {
    /** A sanity bound that keeps a huge file out of memory; the parser applies the configured limit. */
    static final long MAX_READ = 64L << 20;

    @Override
    public Optional<Source> resolve(String importPath, Optional<String> fromFile) {
        if (importPath.startsWith("builtin:")) {
            return Optional.empty();
        }
        Path target;
        try {
            Path relative = Path.of(importPath);
            Path base = fromFile.map(Path::of).map(Path::getParent).orElse(null);
            target = (base == null || relative.isAbsolute() ? relative : base.resolve(relative)).normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(target)) {
            return Optional.empty();
        }
        String name = target.toString();
        return Optional.of(new Source(name, SourceReader.read(target, name, MAX_READ)));
    }
}
