package io.nicplan.embed.state;

import java.util.Objects;

/** One application receive queue (socket) of an endpoint, served on one core. */
public record Socket(String name, int core) {
    public Socket {
        Objects.requireNonNull(name, "name");
    }
}
