package io.nicplan.graph.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.graph.Attributes;
import io.nicplan.graph.ConfigSpec;
import io.nicplan.graph.Port;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.graph.predicate.Predicate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON encodings of the nested parts of a node (ports with predicates, attributes, config specs) and
 * their strict decoding, every error naming the JSON pointer of the bad value.
 *
 * <p>Predicates: {@code true}, {@code false}, {@code {"field": f, "value": v, "mask": m}},
 * {@code {"field": f, "lo": a, "hi": b}}, {@code {"field": f, "in": [v, ...]}}, {@code {"and": [p, ...]}},
 * {@code {"or": [p, ...]}}, {@code {"not": p}}. Config types: {@code {"kind": "bool"}},
 * {@code {"kind": "int", "lo": a, "hi": b}}, {@code {"kind": "uint", "bits": n}},
 * {@code {"kind": "enum", "symbols": [...]}}, {@code {"kind": "optional", "element": t}},
 * {@code {"kind": "list", "element": t, "min": a, "max": b}},
 * {@code {"kind": "tuple", "fields": [{"name": n, "type": t}, ...]}}.
 */
final class JsonCodec {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonCodec() {
    }

    // ---- encoding ----

    static ArrayNode ports(List<Port> ports) {
        ArrayNode out = F.arrayNode();
        for (Port p : ports) {
            ObjectNode o = out.addObject();
            o.put("name", p.name());
            if (p.hasPredicate()) {
                o.set("predicate", predicate(p.predicate()));
            }
        }
        return out;
    }

    static JsonNode predicate(Predicate p) {
        return p.accept(PREDICATE);
    }

    /** The JSON form of each kind of predicate (the grammar in this class's Javadoc). */
    private static final Predicate.Visitor<JsonNode> PREDICATE = new Predicate.Visitor<>() {
        @Override
        public JsonNode visitTrue(Predicate.True p) {
            return F.booleanNode(true);
        }

        @Override
        public JsonNode visitFalse(Predicate.False p) {
            return F.booleanNode(false);
        }

        @Override
        public JsonNode visitMasked(Predicate.Masked m) {
            ObjectNode o = F.objectNode();
            o.put("field", m.field().fieldName());
            o.put("value", m.value());
            o.put("mask", m.mask());
            return o;
        }

        @Override
        public JsonNode visitRange(Predicate.Range r) {
            ObjectNode o = F.objectNode();
            o.put("field", r.field().fieldName());
            o.put("lo", r.lo());
            o.put("hi", r.hi());
            return o;
        }

        @Override
        public JsonNode visitInSet(Predicate.InSet s) {
            ObjectNode o = F.objectNode();
            o.put("field", s.field().fieldName());
            ArrayNode values = o.putArray("in");
            s.values().forEach(values::add);
            return o;
        }

        @Override
        public JsonNode visitAnd(Predicate.And a) {
            return junction("and", a.terms());
        }

        @Override
        public JsonNode visitOr(Predicate.Or or) {
            return junction("or", or.terms());
        }

        @Override
        public JsonNode visitNot(Predicate.Not n) {
            ObjectNode o = F.objectNode();
            o.set("not", n.term().accept(this));
            return o;
        }

        private JsonNode junction(String op, List<Predicate> terms) {
            ObjectNode o = F.objectNode();
            ArrayNode out = o.putArray(op);
            terms.forEach(t -> out.add(t.accept(this)));
            return o;
        }
    };

    static ObjectNode attributes(Attributes a) {
        ObjectNode o = F.objectNode();
        ArrayNode flags = o.putArray("flags");
        a.flags().forEach(flags::add);
        ObjectNode values = o.putObject("values");
        a.values().forEach(values::put);
        return o;
    }

    static ObjectNode config(ConfigSpec spec) {
        ObjectNode o = F.objectNode();
        o.set("type", type(spec.type()));
        o.put("function", spec.function());
        ArrayNode resources = o.putArray("resources");
        spec.resources().forEach(resources::add);
        return o;
    }

    static ObjectNode type(ConfigType t) {
        ObjectNode o = F.objectNode();
        if (t instanceof ConfigType.BoolType) {
            o.put("kind", "bool");
        } else if (t instanceof ConfigType.IntType i) {
            o.put("kind", "int");
            o.put("lo", i.lo());
            o.put("hi", i.hi());
        } else if (t instanceof ConfigType.UIntType u) {
            o.put("kind", "uint");
            o.put("bits", u.bits());
        } else if (t instanceof ConfigType.EnumType e) {
            o.put("kind", "enum");
            ArrayNode symbols = o.putArray("symbols");
            e.symbols().forEach(symbols::add);
        } else if (t instanceof ConfigType.OptionalType opt) {
            o.put("kind", "optional");
            o.set("element", type(opt.element()));
        } else if (t instanceof ConfigType.ListType l) {
            o.put("kind", "list");
            o.set("element", type(l.element()));
            o.put("min", l.min());
            o.put("max", l.max());
        } else if (t instanceof ConfigType.TupleType tuple) {
            o.put("kind", "tuple");
            ArrayNode fields = o.putArray("fields");
            for (ConfigType.Field f : tuple.fields()) {
                ObjectNode field = fields.addObject();
                field.put("name", f.name());
                field.set("type", type(f.type()));
            }
        }
        return o;
    }

    // ---- decoding ----

    static List<Port> ports(JsonNode n, String at) {
        List<Port> ports = new ArrayList<>();
        int i = 0;
        for (JsonNode p : array(n, at)) {
            String here = at + "/" + i++;
            fields(p, here, Set.of("name"), Set.of("predicate"));
            String name = text(p.get("name"), here + "/name");
            JsonNode pred = p.get("predicate");
            ports.add(new Port(name, pred == null ? Predicate.TRUE : predicate(pred, here + "/predicate")));
        }
        return ports;
    }

    static Predicate predicate(JsonNode n, String at) {
        if (n.isBoolean()) {
            return n.booleanValue() ? Predicate.TRUE : Predicate.FALSE;
        }
        if (!n.isObject()) {
            throw new GraphFormatException(at, "a predicate is true, false or an object, not " + n.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        if (n.has("and") || n.has("or")) {
            String op = n.has("and") ? "and" : "or";
            fields(n, at, Set.of(op), Set.of());
            List<Predicate> terms = new ArrayList<>();
            int i = 0;
            for (JsonNode t : array(n.get(op), at + "/" + op)) {
                terms.add(predicate(t, at + "/" + op + "/" + i++));
            }
            return op.equals("and") ? new Predicate.And(terms) : new Predicate.Or(terms);
        }
        if (n.has("not")) {
            fields(n, at, Set.of("not"), Set.of());
            return new Predicate.Not(predicate(n.get("not"), at + "/not"));
        }
        if (!n.has("field")) {
            throw new GraphFormatException(at, "a predicate object needs one of 'and', 'or', 'not', 'field'");
        }
        String name = text(n.get("field"), at + "/field");
        HeaderField field = HeaderField.byName(name).orElseThrow(() -> new GraphFormatException(at + "/field",
                "unknown header field '" + name + "'; known: " + String.join(", ", HeaderField.names())));
        try {
            if (n.has("mask") || n.has("value")) {
                fields(n, at, Set.of("field", "value", "mask"), Set.of());
                return new Predicate.Masked(field, number(n.get("value"), at + "/value"), number(n.get("mask"), at + "/mask"));
            }
            if (n.has("lo") || n.has("hi")) {
                fields(n, at, Set.of("field", "lo", "hi"), Set.of());
                return new Predicate.Range(field, number(n.get("lo"), at + "/lo"), number(n.get("hi"), at + "/hi"));
            }
            if (n.has("in")) {
                fields(n, at, Set.of("field", "in"), Set.of());
                TreeSet<Long> values = new TreeSet<>();
                int i = 0;
                for (JsonNode v : array(n.get("in"), at + "/in")) {
                    values.add(number(v, at + "/in/" + i++));
                }
                return new Predicate.InSet(field, values);
            }
        } catch (GraphFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new GraphFormatException(at, e.getMessage(), e);
        }
        throw new GraphFormatException(at, "a field predicate needs 'value' and 'mask', 'lo' and 'hi', or 'in'");
    }

    static Attributes attributes(JsonNode n, String at) {
        fields(n, at, Set.of(), Set.of("flags", "values"));
        Set<String> flags = new LinkedHashSet<>();
        if (n.has("flags")) {
            int i = 0;
            for (JsonNode f : array(n.get("flags"), at + "/flags")) {
                flags.add(text(f, at + "/flags/" + i++));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (n.has("values")) {
            JsonNode v = object(n.get("values"), at + "/values");
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                values.put(e.getKey(), text(e.getValue(), at + "/values/" + escape(e.getKey())));
            }
        }
        return new Attributes(flags, values);
    }

    static ConfigSpec config(JsonNode n, String at) {
        fields(n, at, Set.of("type", "function"), Set.of("resources"));
        ConfigType type = type(n.get("type"), at + "/type");
        String function = text(n.get("function"), at + "/function");
        List<String> resources = new ArrayList<>();
        if (n.has("resources")) {
            int i = 0;
            for (JsonNode r : array(n.get("resources"), at + "/resources")) {
                resources.add(text(r, at + "/resources/" + i++));
            }
        }
        return new ConfigSpec(type, function, resources);
    }

    static ConfigType type(JsonNode n, String at) {
        object(n, at);
        String kind = text(n.get("kind"), at + "/kind");
        try {
            switch (kind) {
                case "bool":
                    fields(n, at, Set.of("kind"), Set.of());
                    return ConfigType.BOOL;
                case "int":
                    fields(n, at, Set.of("kind", "lo", "hi"), Set.of());
                    return new ConfigType.IntType(number(n.get("lo"), at + "/lo"), number(n.get("hi"), at + "/hi"));
                case "uint":
                    fields(n, at, Set.of("kind", "bits"), Set.of());
                    return new ConfigType.UIntType(smallInt(n.get("bits"), at + "/bits"));
                case "enum": {
                    fields(n, at, Set.of("kind", "symbols"), Set.of());
                    List<String> symbols = new ArrayList<>();
                    int i = 0;
                    for (JsonNode s : array(n.get("symbols"), at + "/symbols")) {
                        symbols.add(text(s, at + "/symbols/" + i++));
                    }
                    return new ConfigType.EnumType(symbols);
                }
                case "optional":
                    fields(n, at, Set.of("kind", "element"), Set.of());
                    return new ConfigType.OptionalType(type(n.get("element"), at + "/element"));
                case "list":
                    fields(n, at, Set.of("kind", "element", "min", "max"), Set.of());
                    return new ConfigType.ListType(type(n.get("element"), at + "/element"),
                            smallInt(n.get("min"), at + "/min"), smallInt(n.get("max"), at + "/max"));
                case "tuple": {
                    fields(n, at, Set.of("kind", "fields"), Set.of());
                    List<ConfigType.Field> fields = new ArrayList<>();
                    int i = 0;
                    for (JsonNode f : array(n.get("fields"), at + "/fields")) {
                        String here = at + "/fields/" + i++;
                        fields(f, here, Set.of("name", "type"), Set.of());
                        fields.add(new ConfigType.Field(text(f.get("name"), here + "/name"), type(f.get("type"), here + "/type")));
                    }
                    return new ConfigType.TupleType(fields);
                }
                default:
                    throw new GraphFormatException(at + "/kind", "unknown config type kind '" + kind
                            + "'; expected bool, int, uint, enum, optional, list or tuple");
            }
        } catch (GraphFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new GraphFormatException(at, e.getMessage(), e);
        }
    }

    // ---- checked access ----

    /** Checks that {@code n} is an object with all {@code required} and only {@code required + optional} members. */
    static void fields(JsonNode n, String at, Set<String> required, Set<String> optional) {
        object(n, at);
        for (String r : required) {
            if (!n.has(r)) {
                throw new GraphFormatException(at, "missing '" + r + "'");
            }
        }
        for (Map.Entry<String, JsonNode> member : n.properties()) {
            String name = member.getKey();
            if (!required.contains(name) && !optional.contains(name)) {
                Set<String> allowed = new TreeSet<>(required);
                allowed.addAll(optional);
                throw new GraphFormatException(at, "unexpected member '" + name + "'; allowed: " + String.join(", ", allowed));
            }
        }
    }

    static JsonNode object(JsonNode n, String at) {
        if (n == null || !n.isObject()) {
            throw new GraphFormatException(at, "expected an object, got " + describe(n));
        }
        return n;
    }

    static JsonNode array(JsonNode n, String at) {
        if (n == null || !n.isArray()) {
            throw new GraphFormatException(at, "expected an array, got " + describe(n));
        }
        return n;
    }

    static String text(JsonNode n, String at) {
        if (n == null || !n.isTextual()) {
            throw new GraphFormatException(at, "expected a string, got " + describe(n));
        }
        return n.textValue();
    }

    static long number(JsonNode n, String at) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new GraphFormatException(at, "expected an integer, got " + describe(n));
        }
        return n.longValue();
    }

    static int smallInt(JsonNode n, String at) {
        long v = number(n, at);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new GraphFormatException(at, v + " is too large");
        }
        return (int) v;
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        String text = n.toString();
        return n.getNodeType().name().toLowerCase(Locale.ROOT) + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    /** A member name as a JSON pointer segment (RFC 6901). */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
