package io.nicplan.embed.state;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A UDP or TCP endpoint the host receives on: listening ({@code remote} empty) on one local
 * address or on any ({@code local.ip} empty), or connected to one remote address; served by one
 * or more sockets of an application.
 *
 * @param name identifier, unique in the state; names the endpoint's LPG nodes
 * @param local local address and port; the address may be the wildcard
 * @param remote the peer of a connected endpoint (address and port both given)
 */
public record Endpoint(String name, Protocol proto, AddressPattern local, Optional<AddressPattern> remote,
                       String application, List<Socket> sockets) {
    /** The one identifier an endpoint may not be named: the LPG names its no-endpoint node so. */
    public static final String RESERVED_NAME = "NoEndpoint";

    public Endpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(proto, "proto");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(application, "application");
        sockets = List.copyOf(sockets);
        if (local.port().isEmpty()) {
            throw new IllegalArgumentException("endpoint " + name + ": the local port must be given");
        }
        if (remote.isPresent() && !remote.get().isConcrete()) {
            throw new IllegalArgumentException("endpoint " + name + ": a remote address needs both address and port");
        }
        if (sockets.isEmpty()) {
            throw new IllegalArgumentException("endpoint " + name + " has no socket");
        }
    }

    public int localPort() {
        return local.port().orElseThrow();
    }

    public boolean isConnected() {
        return remote.isPresent();
    }

    /**
     * How specific the endpoint is; a packet both match goes to the more specific one:
     * 3 connected to a local address, 2 connected on any local address, 1 listening on an
     * address, 0 listening on any address.
     */
    public int specificity() {
        return (remote.isPresent() ? 2 : 0) + (local.address().isPresent() ? 1 : 0);
    }

    /** True when some packet matches both endpoints. */
    public boolean overlaps(Endpoint other) {
        if (proto != other.proto || localPort() != other.localPort()) {
            return false;
        }
        if (local.address().isPresent() && other.local.address().isPresent() && !local.address().equals(other.local.address())) {
            return false;
        }
        return remote.isEmpty() || other.remote.isEmpty() || remote.equals(other.remote);
    }
}
