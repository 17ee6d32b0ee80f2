package io.nicplan.embed.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.embed.json.JsonDocuments;
import io.nicplan.embed.json.JsonObject;
import io.nicplan.embed.json.JsonPointer;
import io.nicplan.embed.json.Problems;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.graph.Node;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.config.ConfigValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and writes configurations as JSON (docs/formats.md, "Configuration"): an object keyed by
 * C-node id whose values follow the C-node's {@link ConfigType}.
 *
 * <p>Reading converts JSON to {@link ConfigValue}s guided by the type and reports shape problems
 * (unknown C-node, unknown or missing tuple field, a string where a number belongs, ...) at their
 * JSON pointers. Range, enum and list-length checks are the type checker's and run afterwards
 * ({@code io.nicplan.embed.configure.ConfigurationValidator}). Conveniences: an integer may be
 * written as {@code "0x88cc"}, an address field as {@code "10.0.0.1"}, a MAC-sized field as
 * {@code "02:00:00:00:00:01"}, a byte list (an RSS key) as a hex string; an optional value may be
 * {@code null}, {@code "*"} or left out.
 */
public final class ConfigurationJson {
    /** The text meaning "no value" for an optional field. */
    public static final String WILDCARD = "*";

    private ConfigurationJson() {
    }

    /**
     * Converts a configuration document for {@code prg}; empty (with problems) when it does not fit.
     *
     * @param valueHint by function name, what to add to a problem with one of its values (may be empty)
     */
    public static Optional<Configuration> parse(String json, DataflowGraph prg, Function<String, String> valueHint,
                                                Problems problems) {
        return JsonDocuments.parse(json, problems).flatMap(root -> parse(root, prg, valueHint, problems));
    }

    /** Converts a parsed configuration document for {@code prg}. */
    public static Optional<Configuration> parse(JsonNode root, DataflowGraph prg, Function<String, String> valueHint,
                                                Problems problems) {
        Optional<JsonObject> top = JsonObject.of(root, "", problems, "a configuration keyed by C-node id");
        if (top.isEmpty()) {
            return Optional.empty();
        }
        int before = problems.count();
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        for (String id : top.get().memberNames()) {
            String pointer = JsonPointer.child("", id);
            Optional<Node> node = prg.node(id);
            if (node.isEmpty() || node.get().config().isEmpty()) {
                problems.add(pointer, (node.isEmpty() ? "no node '" + id + "'" : "node '" + id + "' is not a C-node") + " in "
                        + prg.name() + "; its C-nodes are " + cnodeIds(prg));
                continue;
            }
            ConfigType type = node.get().config().get().type();
            JsonNode v = root.get(id);
            String hint = valueHint.apply(node.get().config().get().function());
            if (v.isNull() && !(type instanceof ConfigType.OptionalType)) {
                continue; // null unconfigures a C-node: it keeps its default behaviour
            }
            convert(v, type, pointer, problems, hint).ifPresent(cv -> values.put(id, cv));
        }
        return problems.count() == before ? Optional.of(new Configuration(values)) : Optional.empty();
    }

    /** The ids of a graph's C-nodes, in declaration order. */
    public static List<String> cnodeIds(DataflowGraph prg) {
        return prg.nodes().stream().filter(n -> n.config().isPresent()).map(Node::id).toList();
    }

    /** Converts one JSON value to a value of {@code type}; empty (with a problem) when it cannot. */
    public static Optional<ConfigValue> convert(JsonNode v, ConfigType type, String pointer, Problems problems) {
        return convert(v, type, pointer, problems, "");
    }

    private static Optional<ConfigValue> convert(JsonNode v, ConfigType type, String pointer, Problems problems, String hint) {
        if (type instanceof ConfigType.OptionalType o) {
            if (v == null || v.isNull() || (v.isTextual() && v.textValue().equals(WILDCARD))) {
                return Optional.of(ConfigValue.NONE);
            }
            return convert(v, o.element(), pointer, problems, hint);
        }
        if (v.isTextual() && v.textValue().equals(WILDCARD)) {
            problems.add(pointer, "'*' (a wildcard) is not allowed here: a " + type + " is required" + hint);
            return Optional.empty();
        }
        if (type instanceof ConfigType.BoolType) {
            if (!v.isBoolean()) {
                problems.add(pointer, "expected true or false, got " + JsonObject.kind(v));
                return Optional.empty();
            }
            return Optional.of(ConfigValue.of(v.booleanValue()));
        }
        if (type instanceof ConfigType.IntType || type instanceof ConfigType.UIntType) {
            return integer(v, type, pointer, problems);
        }
        if (type instanceof ConfigType.EnumType e) {
            if (!v.isTextual()) {
                problems.add(pointer, "expected one of " + e.symbols() + ", got " + JsonObject.kind(v));
                return Optional.empty();
            }
            return Optional.of(new ConfigValue.SymbolValue(v.textValue()));
        }
        if (type instanceof ConfigType.ListType l) {
            return list(v, l, pointer, problems, hint);
        }
        return tuple(v, (ConfigType.TupleType) type, pointer, problems, hint);
    }

    private static Optional<ConfigValue> integer(JsonNode v, ConfigType type, String pointer, Problems problems) {
        if (v.isIntegralNumber()) {
            BigInteger b = v.bigIntegerValue();
            if (b.bitLength() > 63) {
                problems.add(pointer, b + " does not fit " + type);
                return Optional.empty();
            }
            return Optional.of(ConfigValue.of(b.longValue()));
        }
        if (v.isTextual()) {
            Optional<Long> parsed = parseIntegerText(v.textValue().strip());
            if (parsed.isPresent()) {
                return Optional.of(ConfigValue.of(parsed.get()));
            }
            problems.add(pointer, "\"" + v.textValue() + "\" is not an integer (decimal, 0x hex, a.b.c.d or aa:bb:cc:dd:ee:ff)");
            return Optional.empty();
        }
        problems.add(pointer, "expected an integer (" + type + "), got " + JsonObject.kind(v));
        return Optional.empty();
    }

    /** Integers written as text: {@code 0x} hex, a dotted IPv4 address, or a MAC address. */
    static Optional<Long> parseIntegerText(String s) {
        if (s.matches("0[xX][0-9a-fA-F]{1,15}")) {
            return Optional.of(Long.parseLong(s.substring(2), 16));
        }
        if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            long value = 0;
            for (String part : s.split("\\.")) {
                int octet = Integer.parseInt(part);
                if (octet > 255) {
                    return Optional.empty();
                }
                value = (value << 8) | octet;
            }
            return Optional.of(value);
        }
        if (s.matches("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}")) {
            return Optional.of(Long.parseLong(s.replace(":", ""), 16));
        }
        return Optional.empty();
    }

    private static Optional<ConfigValue> list(JsonNode v, ConfigType.ListType type, String pointer, Problems problems, String hint) {
        if (v.isTextual() && isIpv6Address(type)) {
            Optional<io.nicplan.net.Ipv6Address> a = io.nicplan.net.Ipv6Address.tryParse(v.textValue().strip());
            if (a.isEmpty()) {
                problems.add(pointer, "\"" + v.textValue() + "\" is not an IPv6 address (RFC 4291 text, e.g. 2001:db8::1)");
                return Optional.empty();
            }
            return Optional.of(ipv6Words(a.get()));
        }
        if (v.isTextual() && isByte(type.element())) {
            String hex = v.textValue().replace(":", "").strip();
            if (hex.length() % 2 != 0 || !hex.matches("[0-9a-fA-F]*")) {
                problems.add(pointer, "\"" + v.textValue() + "\" is not a hex byte string");
                return Optional.empty();
            }
            List<ConfigValue> bytes = new ArrayList<>();
            for (byte b : HexFormat.of().parseHex(hex)) {
                bytes.add(ConfigValue.of(b & 0xFF));
            }
            return Optional.of(new ConfigValue.ListValue(bytes));
        }
        if (!v.isArray()) {
            problems.add(pointer, "expected a list (" + type + "), got " + JsonObject.kind(v));
            return Optional.empty();
        }
        List<ConfigValue> out = new ArrayList<>(v.size());
        boolean ok = true;
        for (int i = 0; i < v.size(); i++) {
            Optional<ConfigValue> e = convert(v.get(i), type.element(), JsonPointer.child(pointer, i), problems, hint);
            if (e.isPresent()) {
                out.add(e.get());
            } else {
                ok = false;
            }
        }
        return ok ? Optional.of(new ConfigValue.ListValue(out)) : Optional.empty();
    }

    /** An IPv6 address field's type: four 32-bit words (ip6.src.w0..w3), written in JSON as RFC 5952 text. */
    static boolean isIpv6Address(ConfigType t) {
        return t instanceof ConfigType.ListType l && l.min() == 4 && l.max() == 4
                && l.element() instanceof ConfigType.UIntType u && u.bits() == 32;
    }

    /** An IPv6 address as the configuration value of an {@link #isIpv6Address} field. */
    public static ConfigValue ipv6Words(io.nicplan.net.Ipv6Address a) {
        List<ConfigValue> words = new ArrayList<>(4);
        for (int w = 0; w < 4; w++) {
            words.add(ConfigValue.of(a.word(w)));
        }
        return new ConfigValue.ListValue(words);
    }

    /** The address an {@link #isIpv6Address} field's value holds, when it is four words of 32 bits. */
    public static Optional<io.nicplan.net.Ipv6Address> ipv6Of(ConfigValue v) {
        if (v instanceof ConfigValue.ListValue l && l.elements().size() == 4) {
            long[] w = new long[4];
            for (int i = 0; i < 4; i++) {
                if (!(l.elements().get(i) instanceof ConfigValue.IntValue iv) || iv.value() < 0 || iv.value() > 0xFFFF_FFFFL) {
                    return Optional.empty();
                }
                w[i] = iv.value();
            }
            return Optional.of(io.nicplan.net.Ipv6Address.ofWords(w[0], w[1], w[2], w[3]));
        }
        return Optional.empty();
    }

    private static boolean isByte(ConfigType t) {
        return t instanceof ConfigType.UIntType u && u.bits() == 8;
    }

    private static Optional<ConfigValue> tuple(JsonNode v, ConfigType.TupleType type, String pointer, Problems problems, String hint) {
        if (!v.isObject()) {
            problems.add(pointer, "expected an object " + type + ", got " + JsonObject.kind(v));
            return Optional.empty();
        }
        boolean ok = true;
        List<String> names = type.fields().stream().map(ConfigType.Field::name).toList();
        var it = v.fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (type.field(name).isEmpty()) {
                problems.add(JsonPointer.child(pointer, name), "unknown field '" + name + "'; expected one of " + names);
                ok = false;
            }
        }
        Map<String, ConfigValue> fields = new LinkedHashMap<>();
        for (ConfigType.Field f : type.fields()) {
            JsonNode fv = v.get(f.name());
            String fp = JsonPointer.child(pointer, f.name());
            if (fv == null || fv.isNull()) {
                if (f.type() instanceof ConfigType.OptionalType) {
                    fields.put(f.name(), ConfigValue.NONE);
                } else {
                    problems.add(fp, "missing required field '" + f.name() + "' (" + f.type() + ")" + hint);
                    ok = false;
                }
                continue;
            }
            Optional<ConfigValue> c = convert(fv, f.type(), fp, problems, hint);
            if (c.isPresent()) {
                fields.put(f.name(), c.get());
            } else {
                ok = false;
            }
        }
        return ok ? Optional.of(new ConfigValue.TupleValue(fields)) : Optional.empty();
    }

    /** The configuration as JSON in the format {@link #parse} reads, values written by their C-node's type. */
    public static String write(Configuration configuration, DataflowGraph prg) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        configuration.values().forEach((id, value) -> {
            Optional<ConfigType> type = prg.node(id).flatMap(Node::config).map(c -> c.type());
            root.set(id, toJson(value, type, ""));
        });
        try {
            return JsonDocuments.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree built in memory could not be written", e);
        }
    }

    /**
     * One value as JSON; addresses (fields named {@code *_ip} of 32 bits) as dotted text, IPv6 addresses (four
     * 32-bit words) as RFC 5952 text, byte lists as hex.
     */
    public static JsonNode toJson(ConfigValue value, Optional<ConfigType> type, String fieldName) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Optional<ConfigType> t = type.map(x -> x instanceof ConfigType.OptionalType o ? o.element() : x);
        if (value instanceof ConfigValue.BoolValue b) {
            return f.booleanNode(b.value());
        } else if (value instanceof ConfigValue.IntValue i) {
            if (fieldName.endsWith("ip") && t.map(x -> x instanceof ConfigType.UIntType u && u.bits() == 32).orElse(false)) {
                return f.textNode(io.nicplan.net.Ipv4Address.of(i.value()).toString());
            }
            return f.numberNode(i.value());
        } else if (value instanceof ConfigValue.SymbolValue s) {
            return f.textNode(s.symbol());
        } else if (value instanceof ConfigValue.NoneValue) {
            return f.nullNode();
        } else if (value instanceof ConfigValue.ListValue l) {
            if (t.map(ConfigurationJson::isIpv6Address).orElse(false) && ipv6Of(l).isPresent()) {
                return f.textNode(ipv6Of(l).get().toString());
            }
            Optional<ConfigType> element = t.map(x -> x instanceof ConfigType.ListType lt ? lt.element() : null);
            if (element.map(ConfigurationJson::isByte).orElse(false)) {
                byte[] bytes = new byte[l.elements().size()];
                for (int k = 0; k < bytes.length; k++) {
                    bytes[k] = (byte) ((ConfigValue.IntValue) l.elements().get(k)).value();
                }
                return f.textNode(HexFormat.of().formatHex(bytes));
            }
            ArrayNode a = f.arrayNode();
            l.elements().forEach(e -> a.add(toJson(e, element, fieldName)));
            return a;
        }
        ConfigValue.TupleValue tv = (ConfigValue.TupleValue) value;
        ObjectNode o = f.objectNode();
        tv.fields().forEach((name, fv) -> {
            if (!(fv instanceof ConfigValue.NoneValue)) {
                Optional<ConfigType> ft = t.flatMap(x -> x instanceof ConfigType.TupleType tt ? tt.field(name).map(ConfigType.Field::type) : Optional.empty());
                o.set(name, toJson(fv, ft, name));
            }
        });
        return o;
    }
}
