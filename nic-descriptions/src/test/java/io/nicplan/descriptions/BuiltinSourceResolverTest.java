package io.nicplan.descriptions;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.descriptions.conventions.PrgConventions;
import io.nicplan.unicorn.Unicorn;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinSourceResolverTest {

    private final BuiltinSourceResolver resolver = new BuiltinSourceResolver();

    @Test
    void builtinImportsResolveFromAnywhere() {
        Optional<Source> lib = resolver.resolve("builtin:common/rx-queues", Optional.of("/home/me/my-nic.unicorn"));
        assertThat(lib).hasValueSatisfying(s -> {
            assertThat(s.name()).isEqualTo("builtin:common/rx-queues");
            assertThat(s.text()).contains("rxqueue={q}");
        });
        assertThat(resolver.resolve("builtin:lpg", Optional.empty())).map(Source::name).contains("builtin:lpg");
        assertThat(resolver.resolve("builtin:no-such-file", Optional.empty())).isEmpty();
    }

    @Test
    void relativeImportsInsideShippedFilesStayInsideTheShippedSet() {
        assertThat(resolver.resolve("common/rx-queues.unicorn", Optional.of("builtin:intel-82599")))
                .map(Source::name).contains("builtin:common/rx-queues");
        assertThat(resolver.resolve("../lpg.unicorn", Optional.of("builtin:common/rx-queues")))
                .map(Source::name).contains("builtin:lpg");
        assertThat(resolver.resolve("../../etc/passwd", Optional.of("builtin:common/rx-queues"))).isEmpty();
    }

    @Test
    void pathsOfUserFilesAreLeftToTheNextResolver() {
        assertThat(resolver.resolve("common/rx-queues.unicorn", Optional.of("/home/me/my-nic.unicorn"))).isEmpty();
        assertThat(resolver.resolve("lpg.unicorn", Optional.empty())).isEmpty();
    }

    @Test
    void aUserDescriptionOnDiskImportsTheSharedQueues(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("two-queue.unicorn");
        Files.writeString(file, """
                graph TwoQueue {
                    resource rx_queues = 2
                    node Wire { attr "source" port out[Rss] }
                    resource rss_queues = 2
                    resource rss_table_entries = 4
                    config Rss {
                        type (hash: Enum(ipv4, ipv4_tcp, ipv4_udp, ipv4_l4), key: <[UInt 8]<40, 40> >,
                              table: [Int 0 (rss_queues - 1)]<rss_table_entries, rss_table_entries>)
                        function rss
                        port queues[Q{0..1}.Valid]
                    }
                    import "builtin:common/rx-queues"
                }
                """);
        ParseResult r = Unicorn.parse(file, Descriptions.parseOptions());
        assertThat(r.errors()).as(r.render()).isEmpty();
        assertThat(PrgConventions.check(r.orElseThrow())).isEmpty();
        assertThat(r.orElseThrow().require("Q1.Rx").attributes().value("rxqueue")).contains("1");
    }
}
