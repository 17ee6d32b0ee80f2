package io.nicplan.service.persistence;

import java.time.Instant;

/** A stored NIC description: its Unicorn source and the parse summary computed when it was accepted. */
public record NicRecord(String id, String name, String source, String summaryJson, Instant createdAt) {
}
