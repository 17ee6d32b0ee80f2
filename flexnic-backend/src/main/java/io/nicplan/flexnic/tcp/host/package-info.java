/**
 * A FlexTCP host: an emulated FlexNIC running the fast path, the slow path on the host
 * (handshakes, ARP, teardown, TIME-WAIT, retransmission timeouts, congestion control) and the
 * application interface (per-thread {@link io.nicplan.flexnic.tcp.host.TcpContext}s with event
 * queues; {@link io.nicplan.flexnic.tcp.host.TcpConnection}s with ByteBuffer and stream I/O).
 * Start at {@link io.nicplan.flexnic.tcp.host.FlexTcpHost}; docs/flextcp.md describes the split.
 */
package io.nicplan.flexnic.tcp.host;
