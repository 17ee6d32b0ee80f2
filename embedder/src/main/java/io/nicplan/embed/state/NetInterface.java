package io.nicplan.embed.state;

import io.nicplan.net.Ipv4Address;
import io.nicplan.net.MacAddress;
import java.util.List;
import java.util.Objects;

/** A host network interface: its name, MAC address and IPv4 addresses. */
public record NetInterface(String name, MacAddress mac, List<Ipv4Address> addresses) {
    public NetInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        addresses = List.copyOf(addresses);
    }
}
