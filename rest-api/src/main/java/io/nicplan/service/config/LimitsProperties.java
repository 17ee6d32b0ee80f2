package io.nicplan.service.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what one client may ask of the service ({@code nicplan.limits.*}).
 *
 * @param maxBodySize largest request body of any content type (413 above it); 2 MB holds a plan request
 *     with {@code maxFlowsPerPlan} flows
 * @param maxDescriptionSize largest Unicorn description text (413 above it)
 * @param maxDescriptionNodes most nodes a submitted description may expand to (loops multiply quickly)
 * @param maxDescriptionEdges most edges a submitted description may expand to (a port naming a range of
 *     nodes is one edge per node named)
 * @param maxFlowsPerPlan most flows one plan (or one incremental change) may carry
 * @param concurrentSearches plan searches (with their preparation, see {@code preparationWait}) running at
 *     once; 0 means one less than the processors, at least one, so requests that read keep a core
 * @param searchQueueSize plan searches waiting for a runner; a request beyond it gets 429
 * @param concurrentPreparations plan requests prepared at once (workload, measured cycles, checks)
 * @param preparationQueueSize plan requests waiting to be prepared; a request beyond it gets 429
 * @param preparationWait how long a plan request's answer waits for its preparation: done in time,
 *     the answer is 202 or the 422 that names what the NIC refutes; not done, it is 202 and the
 *     preparation goes on (a refusal then shows as status FAILED). 0 (the default) answers 202 at once
 *     and prepares on the search runners, as the first part of the search's job
 * @param retryAfter what a 429 answer's {@code Retry-After} header advises
 * @param defaultTimeLimit a search's time limit when the request gives none
 * @param maxTimeLimit the longest time limit a request may ask for
 * @param maxEmulators emulator instances held in memory at once
 * @param emulatorMemory heap all emulators together may hold (their rings and captures at their limits);
 *     0 means half of the JVM's maximum heap
 * @param maxTrafficPackets packets one traffic request may inject in total
 * @param maxCaptureSize pcap bytes kept per emulator; later frames are counted, not kept
 * @param requestDeadline how long the expensive work of one request (a graph export, an embedding, a
 *     re-plan, an emulator's compilation, a traffic replay, a description's parse) may take; past it
 *     the work is stopped and the answer is 504
 * @param concurrentRequests requests whose expensive work runs at once (off the request threads); each may
 *     hold a graph at the description limits (about 60 MB) and a rendering at the response limit
 * @param requestQueueSize requests waiting for such a runner; a request beyond it gets 429
 * @param maxResponseSize largest rendered answer (a graph or an embedding as DOT, JSON or text);
 *     rendering stops there and the answer is 422 naming this limit
 */
@Validated
@ConfigurationProperties("nicplan.limits")
public record LimitsProperties(
        @NotNull @DefaultValue("2MB") DataSize maxBodySize,
        @NotNull @DefaultValue("256KB") DataSize maxDescriptionSize,
        @Min(1) @DefaultValue("50000") int maxDescriptionNodes,
        @Min(1) @DefaultValue("200000") int maxDescriptionEdges,
        @Min(1) @DefaultValue("10000") int maxFlowsPerPlan,
        @Min(0) @DefaultValue("0") int concurrentSearches,
        @Min(0) @DefaultValue("16") int searchQueueSize,
        @Min(1) @DefaultValue("2") int concurrentPreparations,
        @Min(0) @DefaultValue("16") int preparationQueueSize,
        @NotNull @DefaultValue("0s") Duration preparationWait,
        @NotNull @DefaultValue("5s") Duration retryAfter,
        @NotNull @DefaultValue("10s") Duration defaultTimeLimit,
        @NotNull @DefaultValue("5m") Duration maxTimeLimit,
        @Min(1) @DefaultValue("64") int maxEmulators,
        @NotNull @DefaultValue("0B") DataSize emulatorMemory,
        @Min(1) @DefaultValue("1000000") long maxTrafficPackets,
        @NotNull @DefaultValue("8MB") DataSize maxCaptureSize,
        @NotNull @DefaultValue("30s") Duration requestDeadline,
        @Min(1) @DefaultValue("2") int concurrentRequests,
        @Min(0) @DefaultValue("16") int requestQueueSize,
        @NotNull @DefaultValue("16MB") DataSize maxResponseSize) {

    /** {@link #concurrentSearches} with 0 resolved against this machine's processors. */
    public int searchRunners() {
        return concurrentSearches > 0 ? concurrentSearches : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /** {@link #emulatorMemory} in bytes, with 0 resolved against this JVM's maximum heap. */
    public long emulatorMemoryBytes() {
        return emulatorMemory.toBytes() > 0 ? emulatorMemory.toBytes() : Runtime.getRuntime().maxMemory() / 2;
    }
}
