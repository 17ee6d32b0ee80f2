/**
 * Trying FlexTCP by hand: {@link io.nicplan.app.flextcp.FlexTcpTrial} puts an emulated FlexNIC
 * running FlexTCP on a Linux TAP device with an echo, bulk or HTTP server, or a client, so the
 * kernel's tools ({@code curl}, {@code nc}, {@code socat}) talk to it ({@code ./nicplan flextcp},
 * docs/flextcp.md "Trying it by hand").
 */
package io.nicplan.app.flextcp;
