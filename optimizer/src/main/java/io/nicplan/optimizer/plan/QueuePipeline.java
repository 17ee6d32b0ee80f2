package io.nicplan.optimizer.plan;

/**
 * What one receive queue carries and the software work behind it.
 *
 * @param flows flows steered to the queue (spread flows not counted)
 * @param pps packets per second reaching it, spread flows' shares included
 * @param cyclesPerPacket mean software cycles per packet of its pipeline over the flows it carries
 * @param kcyclesPerSecond software work the queue's core spends on them
 * @param core the core serving the queue, -1 when not known
 */
public record QueuePipeline(int queue, int flows, long pps, double cyclesPerPacket, long kcyclesPerSecond, int core) {
}
