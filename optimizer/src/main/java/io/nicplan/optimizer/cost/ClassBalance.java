package io.nicplan.optimizer.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.optimizer.domain.TrafficClass;
import java.util.Optional;

/**
 * A term that splits the queues between gold and best-effort flows ({@link #split}) and balances each class within
 * its own queues: one scope per class, by flow count or (option {@code byRate}) by packet rate. The gold scope
 * balances all gold queues; the best-effort one leaves the default queue out unless the specification counts it.
 */
abstract class ClassBalance implements SpreadTerm {

    /** Decides which queues each class may use. */
    abstract void split(ClassSplit split);

    @Override
    public void addScopes(ScopeFactory scopes) {
        for (TrafficClass c : TrafficClass.values()) {
            boolean[] queues = scopes.classQueues(c);
            scopes.add(this, Optional.of(c), c == TrafficClass.GOLD ? queues : scopes.balanced(queues), scopes.spec().classesByRate());
        }
    }

    @Override
    public void readOptions(JsonNode body, String at, CostSpecReader.Options into) {
        if (body.has("byRate")) {
            into.classesByRate |= CostSpecReader.bool(body.get("byRate"), at + "/byRate");
        }
    }

    @Override
    public void writeOptions(CostSpec spec, ObjectNode into) {
        if (spec.classesByRate()) {
            into.put("byRate", true);
        }
    }

    @Override
    public String toString() {
        return jsonName();
    }
}
