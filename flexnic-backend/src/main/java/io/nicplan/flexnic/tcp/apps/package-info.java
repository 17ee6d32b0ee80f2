/**
 * Small event-driven FlexTCP servers on the application interface of
 * {@code io.nicplan.flexnic.tcp.host}: an echo server and a bulk sender (raw or answering one HTTP
 * request), and the deterministic payload they send ({@link io.nicplan.flexnic.tcp.apps.Payload}),
 * so a receiver can check what arrived byte for byte. They serve {@code ./nicplan flextcp} and the
 * TAP wire's tests against the kernel's TCP.
 */
package io.nicplan.flexnic.tcp.apps;
