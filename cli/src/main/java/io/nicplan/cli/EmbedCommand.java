package io.nicplan.cli;

import io.nicplan.app.embed.Embeddings;
import io.nicplan.embed.Embedder;
import io.nicplan.embed.config.Configuration;
import io.nicplan.embed.embedding.Embedding;
import io.nicplan.embed.state.ProtocolState;
import io.nicplan.graph.DataflowGraph;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nicplan embed}: what software work is left behind every queue of a configured NIC. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embed the host protocol stack (LPG) into a configured NIC: per queue, the software nodes left, "
                + "their cycles per packet and the flows arriving there.")
final class EmbedCommand implements Callable<Integer> {
    enum Format { text, json, dot }

    @Mixin
    ConfigOption configOption;

    @Option(names = "--format", defaultValue = "text", description = "text, json or dot (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    NicOptions target;

    @Option(names = "--json", description = "The same as --format json.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Format output = OutputFormat.chosen(spec, json, format, Format.json, Format.text);
        DataflowGraph prg = target.graph(spec.commandLine().getErr());
        ProtocolState protocolState = target.protocolState();
        Configuration configuration = configOption.read(prg);
        Embedding embedding = Embeddings.embed(prg, protocolState, configuration);
        spec.commandLine().getOut().println(Embeddings.render(embedding, Embedder.Format.valueOf(output.name().toUpperCase(java.util.Locale.ROOT))));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
