package io.nicplan.service.persistence;

import java.time.Instant;

/** A stored emulator instance: which FlexNIC description it emulates. */
public record EmulatorRecord(String id, String description, Instant createdAt) {
}
