/**
 * The lowered steering form between the embedder and backends (docs/steering.md): a configured
 * NIC as ordered match tables with actions, RSS, queues and fast-path slots, immutable and free of
 * graphs, so a backend compiles it without the embedder's internals.
 */
package io.nicplan.embed.steering;
