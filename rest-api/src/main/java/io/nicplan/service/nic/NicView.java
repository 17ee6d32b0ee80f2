package io.nicplan.service.nic;

import io.nicplan.app.nic.NicSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A NIC description as the API shows it.
 *
 * @param id stable id ({@code builtin:NAME} for shipped descriptions)
 * @param name the name it was submitted (or shipped) under
 * @param builtin whether it ships with nicplan
 * @param about a one-line description of a shipped NIC; empty for submitted ones
 * @param createdAt when it was submitted; empty for shipped ones
 * @param summary what the parsed graph offers
 * @param warnings non-fatal diagnostics of the parse
 */
public record NicView(String id, String name, boolean builtin, Optional<String> about, Optional<Instant> createdAt, NicSummary summary,
                      List<Diagnostic> warnings) {
}
