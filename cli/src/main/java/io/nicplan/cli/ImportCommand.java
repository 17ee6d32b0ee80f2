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
                + "`flow list P` with the commands run, `show port P rss reta ...` and `show port P rss-hash key`) into a configuration of the NIC's description, printed as "
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

    @Option(names = "--rss", paramLabel = "FILE", description = "What `ethtool -x DEV` prints (ethtool; required), or "
            + "testpmd's `show port P rss reta SIZE (MASKS)` (rte_flow, as --reta).")
    Optional<Path> rss = Optional.empty();

    @Option(names = "--channels", paramLabel = "FILE", description = "What `ethtool -l DEV` prints (ethtool).")
    Optional<Path> channels = Optional.empty();

    @Option(names = "--features", paramLabel = "FILE", description = "What `ethtool -k DEV` prints (ethtool): rx-checksumming.")
    Optional<Path> features = Optional.empty();

    @Option(names = "--flow-hash", paramLabel = "FILE", description = "What `ethtool -n DEV rx-flow-hash T` prints for T = "
            + "tcp4, udp4, tcp6, udp6, one after another (ethtool): the RSS hash name (e.g. ip_l4); without it, ipv4_l4.")
    Optional<Path> flowHash = Optional.empty();

    @Option(names = "--flows", paramLabel = "FILE", description = "What testpmd's `flow list P` prints (rte_flow; needs --rules: "
            + "flow list prints no item values).")
    Optional<Path> flows = Optional.empty();

    @Option(names = "--rules", paramLabel = "FILE", description = "The testpmd commands run on the port, in order (rte_flow): "
            + "the rules' values, replayed with testpmd's numbering and checked against --flows; also `port config all rxq N` "
            + "and rx_offload. An rte_flow export is such a file.")
    Optional<Path> rules = Optional.empty();

    @Option(names = "--reta", paramLabel = "FILE", description = "What testpmd's `show port P rss reta SIZE (MASKS)` prints (rte_flow).")
    Optional<Path> reta = Optional.empty();

    @Option(names = "--key", paramLabel = "FILE", description = "What testpmd's `show port P rss-hash key` prints (rte_flow).")
    Optional<Path> key = Optional.empty();

    @Option(names = "--port", paramLabel = "P", defaultValue = "0", description = "The DPDK port the testpmd texts are of (rte_flow).")
    int port;

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
                if (flows.isPresent() || rules.isPresent() || reta.isPresent() || key.isPresent()) {
                    throw new UserInputException("--flows, --rules, --reta and --key are testpmd's texts: --format rte_flow");
                }
                Path rssText = rss.orElseThrow(() -> new UserInputException("--format ethtool needs --rss (what `ethtool -x DEV` prints)"));
                configuration = Imports.read(prg, new Imports.EthtoolTexts(ntuple.map(InputFiles::text).orElse(""),
                        InputFiles.text(rssText), channels.map(InputFiles::text), features.map(InputFiles::text),
                        flowHash.map(InputFiles::text)));
            } else {
                if (ntuple.isPresent() || channels.isPresent() || features.isPresent() || flowHash.isPresent()) {
                    throw new UserInputException("--ntuple, --channels, --features and --flow-hash are ethtool's texts; testpmd's `flow list` "
                            + "prints rule item and action names without their values, so installed rules are read with "
                            + "--flows and --rules (the commands that created them)");
                }
                if (rss.isPresent() && reta.isPresent()) {
                    throw new UserInputException("--rss and --reta both name testpmd's RETA listing: give one");
                }
                configuration = Imports.readTestpmd(prg, new Imports.TestpmdTexts(port, flows.map(InputFiles::text),
                        rules.map(InputFiles::text), reta.or(() -> rss).map(InputFiles::text), key.map(InputFiles::text)));
            }
        } catch (UnexpressiblePlanException e) {
            throw new UserInputException(e.getMessage());
        }
        spec.commandLine().getOut().println(Imports.planJson(prg, configuration));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
