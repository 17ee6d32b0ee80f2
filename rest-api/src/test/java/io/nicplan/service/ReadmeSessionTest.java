package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18, item 7: the README's curl session works as written against the service — every command
 * of its "HTTP service" block runs with curl and jq, the files it names exist, and every answer is
 * a success. Only the address (a random port) and the ids it shows as {id} and {eid} are filled in.
 */
class ReadmeSessionTest extends ServiceTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LOCATION = Pattern.compile("(?im)^location: .*/([0-9a-f-]{36})\\s*$");
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/\\S+ (\\d{3})");

    @TempDir
    Path work;

    /** The commands of the README's session, one per line, comments removed. */
    static List<String> sessionCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("## The HTTP service");
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        int end = readme.indexOf("```", start);
        List<String> commands = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : readme.substring(start, end).split("\n")) {
            String code = line.replaceFirst("\\s+#.*$", "").replaceFirst("^#.*$", "").strip();
            if (code.isEmpty()) {
                continue;
            }
            if (code.endsWith("\\")) {
                pending.append(code, 0, code.length() - 1).append(' ');
                continue;
            }
            commands.add(pending.append(code).toString());
            pending.setLength(0);
        }
        return commands;
    }

    @Test
    void theReadmesCurlSessionRunsAsWritten() throws Exception {
        assumeTrue(onPath("curl") && onPath("jq"), "curl and jq are not installed (.ci/run installs them)");
        Files.createSymbolicLink(work.resolve("examples"), ROOT.resolve("examples"));
        String planId = null;
        String emulatorId = null;
        List<String> commands = sessionCommands();
        assertThat(commands).anyMatch(c -> c.contains("/api/plans")).anyMatch(c -> c.contains("/api/emulators"));
        for (String command : commands) {
            if (command.startsWith("./nicplan serve")) {
                continue;  // the service is this test's
            }
            if (command.contains("{id}")) {
                assertThat(planId).as("a plan was created before: " + command).isNotNull();
                if (!command.contains("/status")) {
                    PlanApiTest.awaitEnd(http, planId, Duration.ofSeconds(60));  // the README polls /status until it ends
                }
            }
            String runnable = command.replace("localhost:8080", "127.0.0.1:" + port)
                    .replace("{id}", String.valueOf(planId)).replace("{eid}", String.valueOf(emulatorId));
            Run run = bash(runnable);
            assertThat(run.exitCode()).as(command + "\n" + run.output()).isZero();
            Matcher status = STATUS_LINE.matcher(run.output());
            if (status.find()) {
                assertThat(Integer.parseInt(status.group(1))).as(command + "\n" + run.output()).isBetween(200, 299);
                Matcher location = LOCATION.matcher(run.output());
                if (location.find()) {
                    if (command.contains("/api/plans")) {
                        planId = location.group(1);
                    } else if (command.contains("/api/emulators")) {
                        emulatorId = location.group(1);
                    }
                }
            } else if (!command.contains("-o ") && !command.contains("> ")) {
                assertThat(run.output()).as(command).doesNotContain("\"status\":4").doesNotContain("\"status\":5")
                        .doesNotContain("\"status\": 4").doesNotContain("\"status\": 5");
            }
        }
        assertThat(planId).isNotNull();
        assertThat(emulatorId).isNotNull();
        assertThat(work.resolve("wire.pcap")).isNotEmptyFile();
    }

    record Run(int exitCode, String output) {
    }

    private Run bash(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).directory(work.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(p.exitValue(), out);
    }

    private static boolean onPath(String tool) throws IOException, InterruptedException {
        return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}
