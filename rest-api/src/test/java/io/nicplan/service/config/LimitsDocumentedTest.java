package io.nicplan.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Issue #18: docs/service.md lists every limit with its default and its answer. Every property of
 * {@link LimitsProperties} and {@link AccessProperties} must be a row of its Limits table
 * ({@code | `nicplan.limits.NAME` | `DEFAULT` | meaning | answer |}), so a new limit cannot ship undocumented.
 */
class LimitsDocumentedTest {
    private static final Path SERVICE_MD = Path.of("..", "docs", "service.md");

    @Test
    void everyLimitIsARowWithItsDefaultAndItsAnswer() throws IOException {
        String doc = Files.readString(SERVICE_MD);
        List<String> rows = new ArrayList<>();
        for (Class<?> properties : List.of(LimitsProperties.class, AccessProperties.class)) {
            String prefix = properties.getAnnotation(ConfigurationProperties.class).value();
            Constructor<?> canonical = properties.getDeclaredConstructors()[0];
            for (Parameter p : canonical.getParameters()) {
                String row = "| `" + prefix + "." + kebab(p.getName()) + "` | `"
                        + String.join(",", p.getAnnotation(DefaultValue.class).value()) + "`";
                rows.add(row);
            }
        }
        assertThat(rows).hasSize(LimitsProperties.class.getRecordComponents().length
                + AccessProperties.class.getRecordComponents().length);
        for (String row : rows) {
            assertThat(doc).as("docs/service.md's Limits table").contains(row);
            String line = doc.lines().filter(l -> l.startsWith(row)).findFirst().orElseThrow();
            assertThat(line.split("(?<!\\\\)\\|", -1)).as("four columns: property, default, meaning, answer: " + line)
                    .hasSize(6);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
