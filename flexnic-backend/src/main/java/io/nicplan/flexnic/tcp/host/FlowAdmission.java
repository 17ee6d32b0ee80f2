package io.nicplan.flexnic.tcp.host;

/**
 * Which incoming connections the slow path gives flow state in the NIC, and the application
 * context (an RX queue of a plan) the fast path notifies for each: a plan's {@code fastPath}
 * placements, say. A connection refused here is answered with RST and counted
 * ({@code refused_not_admitted}). Addresses are IPv4 in host order, as in {@code FlowSpec}.
 */
@FunctionalInterface
public interface FlowAdmission {

    /** @return the context to name in the flow state, or a negative number to refuse the connection */
    int contextOf(int localIp, int remoteIp, int localPort, int remotePort);
}
