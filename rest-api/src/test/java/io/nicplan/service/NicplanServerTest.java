package io.nicplan.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

class NicplanServerTest {

    @TempDir
    Path tmp;

    @Test
    void theStarterServesOnTheGivenPortOverADatabaseInTheDataFolder() {
        Path data = tmp.resolve("data");
        try (ConfigurableApplicationContext ctx = NicplanServer.run(0, data, "--logging.level.root=WARN",
                "--nicplan.limits.concurrent-searches=1")) {
            int port = NicplanServer.port(ctx);
            assertThat(port).isPositive();
            Http.Answer a = new Http(port).get("/api/plans/summary");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.json().get("runners").asInt()).isEqualTo(1);
            assertThat(Files.exists(data.resolve("nicplan.mv.db"))).isTrue();
        }
    }

    @Test
    void awaitCloseReturnsOnceTheServiceStops() throws Exception {
        ConfigurableApplicationContext ctx = NicplanServer.run(0, tmp.resolve("other"), "--logging.level.root=WARN");
        Thread stopper = new Thread(ctx::close);
        stopper.start();
        NicplanServer.awaitClose(ctx);
        stopper.join();
        assertThat(ctx.isActive()).isFalse();
    }
}
