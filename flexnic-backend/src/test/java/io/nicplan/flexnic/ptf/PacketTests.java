package io.nicplan.flexnic.ptf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every {@code packet-tests/*.ptf} file: one container per file, one test per case. */
class PacketTests {

    @TestFactory
    Stream<DynamicContainer> packetTestFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(PacketTests.class.getResource("/packet-tests").toURI());
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.toString().endsWith(".ptf")).sorted().toList();
        }
        assertThat(files).as("packet-test files").isNotEmpty();
        return files.stream().map(PacketTests::container);
    }

    private static DynamicContainer container(Path path) {
        String name = path.getFileName().toString();
        PacketTestFile file;
        try {
            file = PacketTestFile.parse(name, Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return DynamicContainer.dynamicContainer(name, path.toUri(), file.cases().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> PacketTestRunner.run(file, c))));
    }
}
