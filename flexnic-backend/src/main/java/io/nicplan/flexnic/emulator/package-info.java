/**
 * The emulated FlexNIC as one device: wire port (receive, transmit, capture), the packet path
 * ({@code pipeline}), the control path ({@code runtime}), host rings and the queue manager
 * ({@code host}), an optional fast-path engine, and the device counters.
 */
package io.nicplan.flexnic.emulator;
