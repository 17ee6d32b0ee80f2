package io.nicplan.cli;

import io.nicplan.app.serve.DatabaseBackups;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan db backup|restore}: the service's embedded database while the service is stopped. */
@Command(name = "db", mixinStandardHelpOptions = true,
        description = {"Back up or restore the service's embedded database (stop the service first;",
                "a running service takes its own backups: POST /api/admin/backups). See docs/service.md."},
        subcommands = {DbCommand.Backup.class, DbCommand.Restore.class})
final class DbCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static DatabaseBackups backups() {
        return DatabaseBackups.find().orElseThrow(() -> new UserInputException(
                "this build of nicplan has no service database support (the rest-api module is not on the class path)"));
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = "Write a consistent copy of the database under --data-dir to a zip.")
    static final class Backup implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = "data", description = "The service's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--to", required = true, description = "The zip to write.")
        Path target;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                backups().backup(dataDir, target);
            } catch (DatabaseBackups.Failure failure) {
                throw new UserInputException(failure.getMessage());
            }
            spec.commandLine().getOut().println("backed up " + dataDir.toAbsolutePath() + " to " + target.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Replace the database under --data-dir by a backup; the replaced file is kept beside it.")
    static final class Restore implements Callable<Integer> {
        @Option(names = "--data-dir", defaultValue = "data", description = "The service's data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--from", required = true, description = "A zip written by `nicplan db backup` or POST /api/admin/backups.")
        Path backup;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Optional<Path> replaced;
            try {
                replaced = backups().restore(dataDir, backup);
            } catch (DatabaseBackups.Failure failure) {
                throw new UserInputException(failure.getMessage());
            }
            spec.commandLine().getOut().println("restored " + backup.toAbsolutePath() + " into " + dataDir.toAbsolutePath()
                    + replaced.map(p -> "; the replaced database is kept as " + p).orElse(""));
            return 0;
        }
    }
}
