package io.nicplan.unicorn;

import static org.assertj.core.api.Assertions.assertThat;

import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parse.ParseResult;
import io.nicplan.unicorn.source.Diagnostic;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code malformed/} is a broken description whose trailing
 * {@code // expect: [FILE:]LINE:COL fragment} comments say which diagnostics it must produce.
 */
class MalformedCorpusTest {

    /** One expected diagnostic: where (file empty for the case file itself) and part of its message. */
    record Expectation(String file, int line, int column, String fragment) {
        boolean matches(Diagnostic d, Path caseFile) {
            String wanted = file.isEmpty() ? caseFile.getFileName().toString() : file;
            return d.file().replace('\\', '/').endsWith(wanted) && d.line() == line && d.column() == column
                    && d.message().contains(fragment);
        }
    }

    static Stream<Path> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(MalformedCorpusTest.class.getResource("/malformed").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".unicorn")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedInputIsReportedWhereExpected(Path file) throws IOException {
        List<Expectation> expected = expectations(file);
        assertThat(expected).as("expectations in " + file.getFileName()).isNotEmpty();

        ParseResult result = Unicorn.parse(file, ParseOptions.defaults());

        assertThat(result.hasErrors()).as(result.render()).isTrue();
        assertThat(result.graph()).isEmpty();
        for (Expectation e : expected) {
            assertThat(result.diagnostics())
                    .as("%s expects %s:%d:%d '%s' but got:%n%s", file.getFileName(), e.file(), e.line(), e.column(),
                            e.fragment(), result.render())
                    .anySatisfy(d -> assertThat(e.matches(d, file)).isTrue());
        }
    }

    @org.junit.jupiter.api.Test
    void corpusHasAtLeastSixtyCases() throws Exception {
        assertThat(cases().count()).isGreaterThanOrEqualTo(60);
    }

    private static List<Expectation> expectations(Path file) throws IOException {
        // Read leniently: some cases are deliberately not valid UTF-8.
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        List<Expectation> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("// expect: ")) {
                continue;
            }
            String rest = line.substring("// expect: ".length());
            int space = rest.indexOf(' ');
            String[] place = rest.substring(0, space).split(":");
            String where = place.length > 2 ? String.join(":", java.util.Arrays.copyOf(place, place.length - 2)) : "";
            out.add(new Expectation(where, Integer.parseInt(place[place.length - 2]), Integer.parseInt(place[place.length - 1]),
                    new String(rest.substring(space + 1).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
        }
        return out;
    }
}
