package io.nicplan.app.emulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * What writing a plan's configuration into an emulated NIC did: every table write with its status, whether
 * the batch committed (all or nothing), whether a fresh program replaced the old one, the fast path's slots
 * and the compiler's notes.
 *
 * @param failures why the batch did not commit (empty when it did)
 */
public record InstallOutcome(boolean verifyOnly, boolean committed, List<Write> writes, String failures,
                             boolean newProgram, int fastPathSlots, int fastPathCapacity, List<String> notes) {
    public InstallOutcome {
        writes = List.copyOf(writes);
        notes = List.copyOf(notes);
    }

    /**
     * One table write, P4Runtime style.
     *
     * @param status {@code OK}, {@code ALREADY_EXISTS}, ...; empty when the batch stopped before it
     */
    public record Write(String type, String entity, Optional<String> status, String message) {
    }

    /** {@code {plan, revision, verifyOnly, committed, updates, failures?, newProgram, fastPath, notes}}. */
    public ObjectNode toJson(String planId, int revision) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("plan", planId);
        out.put("revision", revision);
        out.put("verifyOnly", verifyOnly);
        out.put("committed", committed);
        ArrayNode list = out.putArray("updates");
        for (Write w : writes) {
            ObjectNode o = list.addObject();
            o.put("type", w.type());
            o.put("entity", w.entity());
            w.status().ifPresent(s -> {
                o.put("status", s);
                if (!w.message().isEmpty()) {
                    o.put("message", w.message());
                }
            });
        }
        if (!failures.isEmpty()) {
            out.put("failures", failures);
        }
        out.put("newProgram", newProgram);
        ObjectNode fp = out.putObject("fastPath");
        fp.put("slots", fastPathSlots);
        fp.put("capacity", fastPathCapacity);
        ArrayNode n = out.putArray("notes");
        notes.forEach(n::add);
        return out;
    }
}
