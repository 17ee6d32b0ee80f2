package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service told to listen beyond loopback without API tokens does not start, and says why in one line. */
class OpenBindTest {
    @TempDir
    Path tmp;

    @Test
    void listeningOnEveryInterfaceWithoutTokensIsRefusedInOneLine() {
        Throwable failure = catchThrowable(() -> NicplanServer.run(0, tmp.resolve("data"), "--logging.level.root=OFF",
                "--server.address=0.0.0.0"));
        assertThat(failure).isNotNull();
        assertThat(StartupFailures.describe(failure)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("refusing to listen on 0.0.0.0 without API tokens")
                .contains("nicplan.security.tokens-file"));
    }
}
