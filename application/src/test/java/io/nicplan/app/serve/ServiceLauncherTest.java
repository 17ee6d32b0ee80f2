package io.nicplan.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceLauncherTest {
    @Test
    void withoutTheServiceModuleOnTheClassPathThereIsNoLauncher() {
        // The application layer must not depend on the service; the service module registers the launcher.
        assertThat(ServiceLauncher.find()).isEmpty();
    }
}
