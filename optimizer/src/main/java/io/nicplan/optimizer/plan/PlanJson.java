package io.nicplan.optimizer.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.graph.config.ConfigValue;
import io.nicplan.net.Ipv4Address;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/** A plan as JSON (format in docs/formats.md). */
public final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PlanJson() {
    }

    public static String render(Plan plan) {
        try {
            return MAPPER.writeValueAsString(toJson(plan));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode toJson(Plan plan) {
        ObjectNode root = NODES.objectNode();
        root.put("nic", plan.nic());
        root.put("strategy", plan.strategy());
        root.put("feasible", plan.feasible());
        ArrayNode reasons = root.putArray("reasons");
        plan.reasons().forEach(reasons::add);
        ObjectNode cost = root.putObject("cost");
        cost.put("total", plan.total());
        cost.put("hard", plan.hard());
        ObjectNode terms = cost.putObject("terms");
        plan.terms().forEach((name, t) -> {
            ObjectNode o = terms.putObject(name);
            o.put("value", t.value());
            o.put("weight", t.weight());
            o.put("cost", t.cost());
        });
        ArrayNode placements = root.putArray("placements");
        for (FlowPlacement p : plan.placements()) {
            ObjectNode o = placements.addObject();
            o.put("flow", p.flow());
            o.put("mechanism", p.mechanism().jsonName());
            if (p.queue() >= 0) {
                o.put("queue", p.queue());
            } else {
                o.putNull("queue");
            }
            o.put("fastPath", p.fastPath());
        }
        ObjectNode config = root.putObject("configuration");
        for (Map.Entry<String, ConfigValue> e : plan.configuration().entrySet()) {
            config.set(e.getKey(), value(e.getValue()));
        }
        ArrayNode pipelines = root.putArray("pipelines");
        for (QueuePipeline q : plan.pipelines()) {
            ObjectNode o = pipelines.addObject();
            o.put("queue", q.queue());
            o.put("flows", q.flows());
            o.put("pps", q.pps());
            o.put("cyclesPerPacket", q.cyclesPerPacket());
            o.put("kcyclesPerSecond", q.kcyclesPerSecond());
            if (q.core() >= 0) {
                o.put("core", q.core());
            }
        }
        ArrayNode explanation = root.putArray("explanation");
        for (ConstraintExplanation c : plan.explanation()) {
            ObjectNode o = explanation.addObject();
            o.put("constraint", c.constraint());
            o.put("hard", c.hard());
            o.put("soft", c.soft());
            o.put("matchCount", c.matchCount());
            ArrayNode m = o.putArray("matches");
            c.matches().forEach(m::add);
        }
        plan.verification().ifPresent(v -> {
            root.put("verified", v.agrees());
            ArrayNode m = root.putArray("mismatches");
            v.mismatches().forEach(m::add);
        });
        root.put("millis", plan.millis());
        return root;
    }

    /**
     * A configuration value as JSON: tuples are objects (absent optional fields omitted), lists arrays, and
     * IPv4 addresses (the {@code *_ip} fields the steering C-nodes' entry types name) dotted text, IPv6 ones
     * ({@code *_ip6}: four 32-bit words) RFC 5952 text, as every
     * output writes them (docs/formats.md); {@code ConfigurationReader} reads both forms back.
     */
    public static JsonNode value(ConfigValue v) {
        return value(v, "");
    }

    private static JsonNode value(ConfigValue v, String fieldName) {
        if (v instanceof ConfigValue.IntValue i && isAddressField(fieldName) && i.value() >= 0 && i.value() <= 0xFFFF_FFFFL) {
            return NODES.textNode(Ipv4Address.of(i.value()).toString());
        }
        if (v instanceof ConfigValue.BoolValue b) {
            return NODES.booleanNode(b.value());
        } else if (v instanceof ConfigValue.IntValue i) {
            return NODES.numberNode(i.value());
        } else if (v instanceof ConfigValue.SymbolValue s) {
            return NODES.textNode(s.symbol());
        } else if (v instanceof ConfigValue.ListValue l) {
            if (fieldName.endsWith("_ip6")) {
                Optional<io.nicplan.net.Ipv6Address> address = io.nicplan.embed.config.ConfigurationJson.ipv6Of(l);
                if (address.isPresent()) {
                    return NODES.textNode(address.get().toString());
                }
            }
            ArrayNode a = NODES.arrayNode();
            l.elements().forEach(e -> a.add(value(e, fieldName)));
            return a;
        } else if (v instanceof ConfigValue.TupleValue t) {
            ObjectNode o = NODES.objectNode();
            t.fields().forEach((k, fv) -> {
                if (!(fv instanceof ConfigValue.NoneValue)) {
                    o.set(k, value(fv, k));
                }
            });
            return o;
        }
        return NODES.nullNode();
    }

    /** {@code src_ip}, {@code dst_ip}: the address fields of five-tuple, flow-director, match-action and FlexTCP entries. */
    static boolean isAddressField(String name) {
        return name.endsWith("_ip");
    }
}
