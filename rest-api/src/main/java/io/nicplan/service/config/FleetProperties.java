package io.nicplan.service.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Several instances over one database (docs/service.md "A fleet of instances"): how plan jobs are held and
 * taken over.
 *
 * @param instanceId this instance's name in the jobs it holds and the plans it solves; empty: the host name,
 *     the process id and a random suffix (unique per process, so a restarted instance is a new holder)
 * @param instanceUrl where clients reach this instance, named in the problem of an emulator another
 *     instance asks for; empty: none
 * @param lease how long a job stays held by an instance that stopped renewing (died); the holder renews
 *     every third of it, and another instance takes the job over after it runs out
 * @param claimInterval how often an instance with a free search runner looks for jobs nobody holds
 *     (queued ones and those whose lease ran out)
 * @param maxTakeovers a job taken over this often (it keeps killing its holders) ends INTERRUPTED instead
 */
@Validated
@ConfigurationProperties("nicplan.fleet")
public record FleetProperties(
        @NotNull @DefaultValue("") String instanceId,
        @NotNull @DefaultValue("") String instanceUrl,
        @NotNull @DefaultValue("15s") Duration lease,
        @NotNull @DefaultValue("1s") Duration claimInterval,
        @Min(1) @DefaultValue("3") int maxTakeovers) {

    /** The lease is renewed three times per lease period: two renewals may fail before it is lost. */
    public Duration renewInterval() {
        return lease.dividedBy(3);
    }
}
