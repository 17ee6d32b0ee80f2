package io.nicplan.cli;

import io.nicplan.app.export.ExportFormat;
import io.nicplan.app.export.Imports;
import io.nicplan.app.export.UnexpressiblePlanException;
import io.nicplan.embed.config.Configuration;
import io.nicplan.graph.DataflowGraph;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan import}: what a NIC has installed, read from ethtool's or testpmd's own output, as a nicplan configuration. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Read what a NIC has installed from the text `ethtool -n/-x/-l/-k DEV` print (or testpmd's "
                + "`show port P rss reta ...`) into a configuration of the NIC's description, printed as "
                + "{\"configuration\": {...}}: a plan file that `export --diff-from`, `apply` and `plan` comparisons read "
                + "(docs/export.md)."})
final class ImportCommand implements Callable<Integer> {
    @Option(names = "--nic", required = true, paramLabel = "NIC", description = "A .unicorn file, builtin:NAME, or - (standard input) (see `nicplan list`).")
    String nic;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Override a `param` of the description.")
    Map<String, Long> parameters = new LinkedHashMap<>();

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "ethtool or rte_flow (testpmd).")
    String format;

    @Option(names = "--ntuple", paramLabel = "FILE", description = "What `ethtool -n DEV` prints (ethtool).")
    Optional<Path> ntuple = Optional.empty();

    @Option(names = "--rss", required = true, paramLabel = "FILE", description = "What `ethtool -x DEV` prints (ethtool), or "
            + "testpmd's `show port P rss reta SIZE (MASKS)` (rte_flow).")
    Path rss;

    @Option(names = "--channels", paramLabel = "FILE", description = "What `ethtool -l DEV` prints (ethtool).")
    Optional<Path> channels = Optional.empty();

    @Option(names = "--features", paramLabel = "FILE", description = "What `ethtool -k DEV` prints (ethtool): rx-checksumming.")
    Optional<Path> features = Optional.empty();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExportFormat f = ExportFormat.bySymbol(format).filter(x -> x != ExportFormat.TC).orElseThrow(() ->
                NicplanCommand.usageError(spec, "--format " + format + " is not one of ethtool, rte_flow"));
        DataflowGraph prg = InputFiles.nic(nic, parameters, spec.commandLine().getErr());
        Configuration configuration;
        try {
            if (f == ExportFormat.ETHTOOL) {
                configuration = Imports.read(prg, new Imports.EthtoolTexts(ntuple.map(InputFiles::text).orElse(""),
                        InputFiles.text(rss), channels.map(InputFiles::text), features.map(InputFiles::text)));
            } else {
                if (ntuple.isPresent() || channels.isPresent() || features.isPresent()) {
                    throw new UserInputException("--format rte_flow reads --rss only: testpmd's `flow list` prints rule "
                            + "item and action names without their values, so installed rules cannot be read back");
                }
                configuration = Imports.readTestpmd(prg, InputFiles.text(rss));
            }
        } catch (UnexpressiblePlanException e) {
            throw new UserInputException(e.getMessage());
        }
        spec.commandLine().getOut().println(Imports.planJson(prg, configuration));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
