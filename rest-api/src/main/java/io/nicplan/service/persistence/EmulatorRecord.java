package io.nicplan.service.persistence;

import java.time.Instant;

/** A stored emulator instance: which NIC description it emulates. */
public record EmulatorRecord(String id, String description, Instant createdAt) {
}
