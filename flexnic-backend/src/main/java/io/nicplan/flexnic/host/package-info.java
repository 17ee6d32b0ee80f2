/**
 * The host side of the FlexNIC: descriptor rings the NIC fills (RX queues, DMA rings) and the
 * host drains, TX queues the host fills, and the queue manager that picks what to transmit
 * under per-queue and per-flow token-bucket rate limits.
 */
package io.nicplan.flexnic.host;
