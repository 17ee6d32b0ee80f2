/**
 * Network value types shared by the embedder, the optimizer and the FlexNIC emulator: addresses,
 * the RSS hash input kinds and the Toeplitz hash with its default key. A leaf: it uses nothing of
 * nicplan's, so the per-packet pipeline can hash like the embedder predicts without importing it.
 */
package io.nicplan.net;
