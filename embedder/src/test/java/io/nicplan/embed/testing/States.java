package io.nicplan.embed.testing;

import io.nicplan.embed.state.ProtocolState;
import io.nicplan.embed.state.ProtocolStateJson;

/** Small protocol states for tests. */
public final class States {
    private States() {
    }

    /** One interface 10.0.0.1, no endpoints, no flows. */
    public static ProtocolState host() {
        return ProtocolStateJson.read("""
                {"interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1"]}],
                 "applications": [{"name": "app", "cores": [0, 1, 2, 3]}]}
                """);
    }
}
