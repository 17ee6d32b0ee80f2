package io.nicplan.service.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An emulator instance as the API shows it.
 *
 * @param id the instance's id
 * @param nic the NIC description it runs (id or {@code builtin:NAME})
 * @param rxQueues receive queues
 * @param stages steering stages (table names, in the order packets meet them)
 * @param rssEntries entries of the RSS indirection table
 * @param flowSlots FlexTCP flow-state slots (0 without a {@code flextcp} node)
 * @param configuration the plan (and revision) whose configuration it holds, and when it was applied
 * @param installedEntries table entries installed now
 * @param restored what re-applying the recorded configuration after a restart of the service gave
 */
public record EmulatorView(String id, String nic, Instant createdAt, int rxQueues, List<String> stages, int rssEntries,
                           int flowSlots, Optional<Configuration> configuration, int installedEntries,
                           @Schema(implementation = EmulatorDocuments.Restored.class) Optional<JsonNode> restored) {

    /** The configuration an emulator holds. */
    public record Configuration(String plan, int revision, Instant appliedAt) {
    }
}
