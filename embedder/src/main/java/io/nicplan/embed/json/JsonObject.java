package io.nicplan.embed.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A JSON object being read at a known pointer: typed accessors that report a missing, mistyped or
 * out-of-range member as a problem at that member's pointer instead of throwing.
 */
public final class JsonObject {
    private final JsonNode node;
    private final String pointer;
    private final Problems problems;

    private JsonObject(JsonNode node, String pointer, Problems problems) {
        this.node = node;
        this.pointer = pointer;
        this.problems = problems;
    }

    /** The object at {@code pointer}, or empty (with a problem) when {@code node} is not an object. */
    public static Optional<JsonObject> of(JsonNode node, String pointer, Problems problems, String what) {
        if (node == null || !node.isObject()) {
            problems.add(pointer, "expected " + what + " (a JSON object), got " + JsonObject.kind(node));
            return Optional.empty();
        }
        return Optional.of(new JsonObject(node, pointer, problems));
    }

    public String pointer() {
        return pointer;
    }

    public String pointer(String member) {
        return JsonPointer.child(pointer, member);
    }

    public Problems problems() {
        return problems;
    }

    public boolean has(String member) {
        return node.has(member) && !node.get(member).isNull();
    }

    /** Member names in document order. */
    public List<String> memberNames() {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Reports every member whose name is not in {@code allowed}. */
    public void allowOnly(Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.add(pointer(name), "unknown field '" + name + "'; expected one of " + allowed.stream().sorted().toList());
            }
        }
    }

    /** The raw member, if present and not null; reports it when {@code required} and absent. */
    public Optional<JsonNode> member(String name, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(pointer(name), "missing required field '" + name + "'");
            }
            return Optional.empty();
        }
        return Optional.of(v);
    }

    public Optional<String> string(String name, boolean required) {
        Optional<JsonNode> v = member(name, required);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!v.get().isTextual()) {
            problems.add(pointer(name), "expected a string, got " + kind(v.get()));
            return Optional.empty();
        }
        return Optional.of(v.get().textValue());
    }

    /** An integer member in {@code lo..hi}. */
    public OptionalLong integer(String name, boolean required, long lo, long hi) {
        Optional<JsonNode> v = member(name, required);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        return JsonObject.integer(v.get(), pointer(name), problems, lo, hi);
    }

    /** A finite number member in {@code lo..hi}. */
    public OptionalDouble number(String name, boolean required, double lo, double hi) {
        Optional<JsonNode> v = member(name, required);
        if (v.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (!v.get().isNumber()) {
            problems.add(pointer(name), "expected a number, got " + kind(v.get()));
            return OptionalDouble.empty();
        }
        double d = v.get().doubleValue();
        if (!Double.isFinite(d) || d < lo || d > hi) {
            problems.add(pointer(name), v.get().asText() + " out of range " + plain(lo) + ".." + plain(hi));
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(d);
    }

    /** An array member with at most {@code maxLength} elements. */
    public Optional<List<JsonNode>> array(String name, boolean required, int maxLength) {
        Optional<JsonNode> v = member(name, required);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return JsonObject.array(v.get(), pointer(name), problems, maxLength);
    }

    /** An integer node in {@code lo..hi}, reported at {@code pointer} when it is not one. */
    public static OptionalLong integer(JsonNode v, String pointer, Problems problems, long lo, long hi) {
        if (!v.isIntegralNumber()) {
            problems.add(pointer, "expected an integer, got " + kind(v));
            return OptionalLong.empty();
        }
        BigInteger b = v.bigIntegerValue();
        if (b.compareTo(BigInteger.valueOf(lo)) < 0 || b.compareTo(BigInteger.valueOf(hi)) > 0) {
            problems.add(pointer, b + " out of range " + lo + ".." + hi);
            return OptionalLong.empty();
        }
        return OptionalLong.of(b.longValue());
    }

    /** The elements of an array node with at most {@code maxLength} elements. */
    public static Optional<List<JsonNode>> array(JsonNode v, String pointer, Problems problems, int maxLength) {
        if (!v.isArray()) {
            problems.add(pointer, "expected an array, got " + kind(v));
            return Optional.empty();
        }
        if (v.size() > maxLength) {
            problems.add(pointer, "has " + v.size() + " elements; at most " + maxLength + " are allowed");
            return Optional.empty();
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.elements().forEachRemaining(out::add);
        return Optional.of(out);
    }

    /** A short description of a node's JSON kind, for messages. */
    public static String kind(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isTextual()) {
            return "the string \"" + abbreviate(v.textValue()) + "\"";
        }
        if (v.isBoolean()) {
            return "the boolean " + v.booleanValue();
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        return v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
