package io.nicplan.embed.state;

import io.nicplan.net.IpAddress;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.Ipv6Address;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the host's protocol stack looks like and what traffic it expects: interfaces,
 * applications, endpoints and flows. Built from JSON by {@link ProtocolStateJson}, which checks
 * every cross-reference; the constructor only copies.
 */
public record ProtocolState(List<NetInterface> interfaces, List<Application> applications,
                            List<Endpoint> endpoints, List<Flow> flows) {
    public ProtocolState {
        interfaces = List.copyOf(interfaces);
        applications = List.copyOf(applications);
        endpoints = List.copyOf(endpoints);
        flows = List.copyOf(flows);
    }

    /** Every local IPv4 address, in ascending order. */
    public Set<Ipv4Address> localAddresses() {
        Set<Ipv4Address> out = new TreeSet<>();
        interfaces.forEach(i -> out.addAll(i.addresses()));
        return out;
    }

    /** Every local IPv6 address, in ascending order. */
    public Set<Ipv6Address> localIpv6Addresses() {
        Set<Ipv6Address> out = new TreeSet<>();
        interfaces.forEach(i -> out.addAll(i.ipv6Addresses()));
        return out;
    }

    /** Whether {@code address} (either family) is one of the host's. */
    public boolean isLocal(IpAddress address) {
        return interfaces.stream().anyMatch(i -> i.holds(address));
    }

    /** The interface holding {@code address}, if any. */
    public Optional<NetInterface> interfaceOf(IpAddress address) {
        return interfaces.stream().filter(i -> i.holds(address)).findFirst();
    }

    public Optional<Application> application(String name) {
        return applications.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Optional<Flow> flow(String id) {
        return flows.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    /** Flows by id, in state order. */
    public Map<String, Flow> flowsById() {
        Map<String, Flow> out = new LinkedHashMap<>();
        flows.forEach(f -> out.put(f.id(), f));
        return out;
    }

    /** A copy with other flows (endpoints and the rest unchanged). */
    public ProtocolState withFlows(List<Flow> newFlows) {
        return new ProtocolState(interfaces, applications, endpoints, newFlows);
    }
}
