package io.nicplan.service.fleet;

import io.nicplan.service.config.FleetProperties;
import io.nicplan.service.persistence.EmbeddedDatabase;
import io.nicplan.service.persistence.InstanceRepository;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * This instance of the service among those sharing the database: its name (in the plan jobs and emulators it
 * holds), whether the database is an embedded one only this process can open, and whether another instance
 * is alive (it renewed its leases within one lease period).
 */
@Component
public class FleetInstance {
    private final String id;
    private final Optional<String> url;
    private final FleetProperties fleet;
    private final InstanceRepository instances;
    private final boolean embeddedDatabase;

    public FleetInstance(FleetProperties fleet, InstanceRepository instances, EmbeddedDatabase database) {
        this.fleet = fleet;
        this.instances = instances;
        this.id = fleet.instanceId().isBlank() ? generatedId() : fleet.instanceId();
        this.url = fleet.instanceUrl().isBlank() ? Optional.empty() : Optional.of(fleet.instanceUrl());
        this.embeddedDatabase = database.isEmbedded();
    }

    /** Host name, process id and a random part: two processes (also one restarted) never share a name. */
    private static String generatedId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String id() {
        return id;
    }

    public Optional<String> url() {
        return url;
    }

    /** Whether the database is embedded in this process, so no other instance can share it. */
    public boolean embeddedDatabase() {
        return embeddedDatabase;
    }

    /** Records that this instance is alive; called with every lease renewal. */
    public void heartbeat() {
        instances.seen(id, url);
    }

    /** Whether instance {@code other} renewed its leases within the last lease period. */
    public boolean alive(String other) {
        if (other.equals(id)) {
            return true;
        }
        return instances.seenWithin(other, fleet.lease());
    }

    /** Where instance {@code other} is reached, if it said. */
    public Optional<String> urlOf(String other) {
        return instances.urlOf(other);
    }
}
