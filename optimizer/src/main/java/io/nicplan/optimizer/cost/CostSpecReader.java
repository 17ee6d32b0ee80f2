package io.nicplan.optimizer.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.optimizer.domain.TrafficClass;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads a cost specification from JSON (format in docs/formats.md). Every problem is reported as a
 * {@link CostSpecException} naming the field by JSON pointer: unknown terms or options, negative or
 * oversized weights, and contradictory rules. Nothing in the input is executed.
 */
public final class CostSpecReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TOP = Set.of("terms", "rules", "rssTable", "rssKey");
    private static final Set<String> RULES = Set.of("sameCore", "maxFlowsPerQueue", "maxPpsPerQueue", "reservedQueues");
    /** Largest queue id a specification may name; real NICs have at most 128 receive queues here. */
    private static final int MAX_QUEUE = 1023;

    private CostSpecReader() {
    }

    /** The options the terms' object forms set while a specification is read ({@link Term#readOptions}). */
    public static final class Options {
        boolean includeDefaultQueue;
        int goldFlowsPerQueue = 1;
        Optional<List<Integer>> goldQueues = Optional.empty();
        final Map<TrafficClass, List<Integer>> staticQueues = new EnumMap<>(TrafficClass.class);
        boolean classesByRate;

        Options() {
        }
    }

    public static CostSpec read(String json) {
        return read(json, Terms.standard());
    }

    public static CostSpec read(JsonNode root) {
        return read(root, Terms.standard());
    }

    /** Reads a specification that may name any of {@code known}. */
    public static CostSpec read(String json, Terms known) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CostSpecException("", "not JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
        return read(root, known);
    }

    /** Reads a specification that may name any of {@code known}. */
    public static CostSpec read(JsonNode root, Terms known) {
        if (root == null || !root.isObject()) {
            throw new CostSpecException("", "a cost specification is a JSON object with \"terms\" and optional \"rules\"");
        }
        onlyKnown(root, "", TOP);
        JsonNode terms = root.get("terms");
        if (terms == null || !terms.isObject() || terms.isEmpty()) {
            throw new CostSpecException("/terms", "an object with at least one term from " + known.names());
        }
        Map<Term, Long> weights = new LinkedHashMap<>();
        Options options = new Options();
        for (Iterator<Map.Entry<String, JsonNode>> it = terms.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = "/terms/" + escape(e.getKey());
            Term term = known.byJsonName(e.getKey()).orElseThrow(() ->
                    new CostSpecException(at, "unknown term '" + e.getKey() + "'; known terms: " + known.names()));
            JsonNode body = e.getValue();
            if (body.isNumber()) {
                weights.put(term, weight(body, at));
                continue;
            }
            if (!body.isObject()) {
                throw new CostSpecException(at, "a weight or an object with \"weight\" and the term's options");
            }
            Set<String> allowed = new java.util.HashSet<>(term.options());
            allowed.add("weight");
            onlyKnown(body, at, allowed);
            JsonNode w = body.get("weight");
            weights.put(term, w == null ? 1L : weight(w, at + "/weight"));
            term.readOptions(body, at, options);
        }
        Rules rules = rules(root.get("rules"));
        checkContradictions(weights, options.goldQueues, options.staticQueues, rules);
        return new CostSpec(weights, options.includeDefaultQueue, options.goldFlowsPerQueue, options.goldQueues, options.staticQueues,
                options.classesByRate, rules, chosenRssTable(root.get("rssTable")), chosenRssKey(root.get("rssKey")));
    }

    /** {@code "rssTable"}: {@code "roundRobin"} (the default) or {@code "chosen"}. */
    private static boolean chosenRssTable(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (!node.isTextual() || !(node.asText().equals("chosen") || node.asText().equals("roundRobin"))) {
            throw new CostSpecException("/rssTable", "\"roundRobin\" or \"chosen\", got " + node);
        }
        return node.asText().equals("chosen");
    }

    /** {@code "rssKey"}: {@code "standard"} (the default) or {@code "chosen"}. */
    private static boolean chosenRssKey(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (!node.isTextual() || !(node.asText().equals("chosen") || node.asText().equals("standard"))) {
            throw new CostSpecException("/rssKey", "\"standard\" or \"chosen\", got " + node);
        }
        return node.asText().equals("chosen");
    }

    private static Rules rules(JsonNode node) {
        if (node == null) {
            return Rules.NONE;
        }
        if (!node.isObject()) {
            throw new CostSpecException("/rules", "an object with rules from " + RULES);
        }
        onlyKnown(node, "/rules", RULES);
        boolean sameCore = node.has("sameCore") && bool(node.get("sameCore"), "/rules/sameCore");
        OptionalInt maxFlows = node.has("maxFlowsPerQueue")
                ? OptionalInt.of((int) integer(node.get("maxFlowsPerQueue"), "/rules/maxFlowsPerQueue", 1, Integer.MAX_VALUE))
                : OptionalInt.empty();
        OptionalLong maxPps = node.has("maxPpsPerQueue")
                ? OptionalLong.of(integer(node.get("maxPpsPerQueue"), "/rules/maxPpsPerQueue", 1, Long.MAX_VALUE / 4))
                : OptionalLong.empty();
        Set<Integer> reserved = node.has("reservedQueues")
                ? new LinkedHashSet<>(queueList(node.get("reservedQueues"), "/rules/reservedQueues", true))
                : Set.of();
        return new Rules(sameCore, maxFlows, maxPps, reserved);
    }

    private static void checkContradictions(Map<Term, Long> weights, Optional<List<Integer>> goldQueues,
                                            Map<TrafficClass, List<Integer>> staticQueues, Rules rules) {
        List<Term> splitting = weights.keySet().stream().filter(t -> t instanceof ClassBalance)
                .sorted(java.util.Comparator.comparingInt(Terms::rank)).toList();
        if (splitting.size() > 1) {
            throw new CostSpecException("/terms/" + splitting.get(1).jsonName(), "contradicts /terms/" + splitting.get(0).jsonName()
                    + ": both split the queues between the classes; use one");
        }
        Map<Integer, String> seen = new HashMap<>();
        for (TrafficClass c : TrafficClass.values()) {
            List<Integer> qs = staticQueues.getOrDefault(c, List.of());
            for (int i = 0; i < qs.size(); i++) {
                String at = "/terms/static/" + c.jsonName() + "/" + i;
                String before = seen.putIfAbsent(qs.get(i), at);
                if (before != null) {
                    throw new CostSpecException(at, "queue " + qs.get(i) + " is also at " + before + "; the classes' queues must not overlap");
                }
                if (rules.reservedQueues().contains(qs.get(i))) {
                    throw new CostSpecException(at, "queue " + qs.get(i) + " is in /rules/reservedQueues");
                }
            }
        }
        if (goldQueues.isPresent()) {
            List<Integer> qs = goldQueues.get();
            Set<Integer> distinct = new LinkedHashSet<>();
            for (int i = 0; i < qs.size(); i++) {
                if (!distinct.add(qs.get(i))) {
                    throw new CostSpecException("/terms/priority/goldQueues/" + i, "queue " + qs.get(i) + " is listed twice");
                }
                if (rules.reservedQueues().contains(qs.get(i))) {
                    throw new CostSpecException("/terms/priority/goldQueues/" + i, "queue " + qs.get(i) + " is in /rules/reservedQueues");
                }
            }
        }
    }

    private static long weight(JsonNode node, String at) {
        if (!node.isIntegralNumber()) {
            throw new CostSpecException(at, "a weight is a whole number in 0.." + CostSpec.MAX_WEIGHT + ", got " + node);
        }
        long w = node.asLong();
        if (w < 0) {
            throw new CostSpecException(at, "negative weight " + w + "; weights are in 0.." + CostSpec.MAX_WEIGHT);
        }
        if (w > CostSpec.MAX_WEIGHT || !node.canConvertToLong()) {
            throw new CostSpecException(at, "weight " + node + " is above " + CostSpec.MAX_WEIGHT);
        }
        return w;
    }

    static long integer(JsonNode node, String at, long min, long max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw new CostSpecException(at, "a whole number in " + min + ".." + max + ", got " + node);
        }
        return node.asLong();
    }

    static boolean bool(JsonNode node, String at) {
        if (!node.isBoolean()) {
            throw new CostSpecException(at, "true or false, got " + node);
        }
        return node.asBoolean();
    }

    static List<Integer> queueList(JsonNode node, String at, boolean mayBeEmpty) {
        if (!node.isArray() || (!mayBeEmpty && node.isEmpty())) {
            throw new CostSpecException(at, (mayBeEmpty ? "a list" : "a non-empty list") + " of queue numbers");
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add((int) integer(node.get(i), at + "/" + i, 0, MAX_QUEUE));
        }
        return out;
    }

    private static void onlyKnown(JsonNode node, String at, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new CostSpecException(at + "/" + escape(name), "unknown field '" + name + "'; expected one of " + new java.util.TreeSet<>(known));
            }
        }
    }

    /** RFC 6901 escaping of one reference token. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** The specification as JSON, in the format {@link #read} accepts. */
    public static ObjectNode toJson(CostSpec spec) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode terms = root.putObject("terms");
        spec.weights().forEach((term, w) -> {
            ObjectNode t = terms.putObject(term.jsonName());
            t.put("weight", w);
            term.writeOptions(spec, t);
        });
        if (spec.chooseRssTable()) {
            root.put("rssTable", "chosen");
        }
        if (spec.chooseRssKey()) {
            root.put("rssKey", "chosen");
        }
        Rules r = spec.rules();
        if (!r.equals(Rules.NONE)) {
            ObjectNode rules = root.putObject("rules");
            if (r.sameCore()) {
                rules.put("sameCore", true);
            }
            r.maxFlowsPerQueue().ifPresent(v -> rules.put("maxFlowsPerQueue", v));
            r.maxPpsPerQueue().ifPresent(v -> rules.put("maxPpsPerQueue", v));
            if (!r.reservedQueues().isEmpty()) {
                r.reservedQueues().stream().sorted().forEach(rules.putArray("reservedQueues")::add);
            }
        }
        return root;
    }
}
