/**
 * Wires from an emulated NIC to the world outside the JVM: {@link io.nicplan.flexnic.wire.TapDevice}
 * (a Linux TAP device opened through {@code /dev/net/tun} with JNA) and
 * {@link io.nicplan.flexnic.wire.TapWire}, which attaches a FlexTCP host to one on the wall clock
 * so the kernel's own TCP is the peer (issue #13 item 4b, docs/flextcp.md "The TAP wire"). The
 * simulated wire between emulators is {@code io.nicplan.flexnic.link}.
 */
package io.nicplan.flexnic.wire;
