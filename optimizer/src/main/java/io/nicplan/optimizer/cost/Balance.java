package io.nicplan.optimizer.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * Every flow balanced over the queues no rule reserves (without the default queue unless the specification counts
 * it): by flow count (Dragonet's balance) or by packet rate (balanceByRate). One scope over all flows.
 */
final class Balance implements SpreadTerm {
    private final String name;
    private final boolean byRate;

    Balance(String name, boolean byRate) {
        this.name = name;
        this.byRate = byRate;
    }

    @Override
    public String jsonName() {
        return name;
    }

    @Override
    public void addScopes(ScopeFactory scopes) {
        scopes.add(this, Optional.empty(), scopes.balanced(scopes.unreserved()), byRate);
    }

    @Override
    public Set<String> options() {
        return Set.of("includeDefaultQueue");
    }

    @Override
    public void readOptions(JsonNode body, String at, CostSpecReader.Options into) {
        JsonNode inc = body.get("includeDefaultQueue");
        if (inc != null) {
            into.includeDefaultQueue |= CostSpecReader.bool(inc, at + "/includeDefaultQueue");
        }
    }

    @Override
    public void writeOptions(CostSpec spec, ObjectNode into) {
        if (spec.includeDefaultQueue()) {
            into.put("includeDefaultQueue", true);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
