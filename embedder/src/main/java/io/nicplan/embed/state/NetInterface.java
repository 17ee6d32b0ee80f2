package io.nicplan.embed.state;

import io.nicplan.net.IpAddress;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.Ipv6Address;
import io.nicplan.net.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A host network interface: its name, MAC address, IPv4 addresses ({@code ipv4} in the state file) and
 * IPv6 addresses ({@code ipv6}).
 */
public record NetInterface(String name, MacAddress mac, List<Ipv4Address> addresses, List<Ipv6Address> ipv6Addresses) {
    public NetInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        addresses = List.copyOf(addresses);
        ipv6Addresses = List.copyOf(ipv6Addresses);
    }

    /** An interface with IPv4 addresses only. */
    public NetInterface(String name, MacAddress mac, List<Ipv4Address> addresses) {
        this(name, mac, addresses, List.of());
    }

    /** Every address, IPv4 first. */
    public List<IpAddress> allAddresses() {
        List<IpAddress> all = new ArrayList<>(addresses);
        all.addAll(ipv6Addresses);
        return all;
    }

    /** Whether {@code address} is one of this interface's. */
    public boolean holds(IpAddress address) {
        return address instanceof Ipv4Address a ? addresses.contains(a) : ipv6Addresses.contains((Ipv6Address) address);
    }
}
