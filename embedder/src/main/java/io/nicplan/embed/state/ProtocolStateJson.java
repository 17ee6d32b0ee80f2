package io.nicplan.embed.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nicplan.embed.input.InvalidInputException;
import io.nicplan.embed.json.JsonDocuments;
import io.nicplan.embed.json.JsonObject;
import io.nicplan.embed.json.JsonPointer;
import io.nicplan.embed.json.Problems;
import io.nicplan.net.IpAddress;
import io.nicplan.net.Ipv4Address;
import io.nicplan.net.Ipv6Address;
import io.nicplan.net.MacAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes the protocol state JSON format (docs/formats.md, "Protocol state").
 *
 * <p>Reading checks everything a later stage relies on and reports every problem with the JSON
 * pointer of the offending value: shapes and ranges, unknown fields, size limits
 * ({@link StateLimits}), unique names, and cross-references (an endpoint's application exists,
 * its sockets run on that application's cores, its local address belongs to an interface).
 */
public final class ProtocolStateJson {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Set<String> TOP = Set.of("interfaces", "applications", "endpoints", "flows");
    private static final Set<String> INTERFACE = Set.of("name", "mac", "ipv4", "ipv6");
    private static final Set<String> APPLICATION = Set.of("name", "cores");
    private static final Set<String> ENDPOINT = Set.of("name", "proto", "local", "remote", "application", "sockets");
    private static final Set<String> SOCKET = Set.of("name", "core");
    private static final Set<String> FLOW = Set.of("id", "proto", "src", "dst", "class", "pps", "bytes", "key");
    /** The class of a flow that does not name one. */
    public static final String DEFAULT_CLASS = "besteffort";

    private ProtocolStateJson() {
    }

    /**
     * Parses and checks a protocol state.
     *
     * @throws InvalidInputException listing every problem, each at its JSON pointer
     */
    public static ProtocolState read(String json) {
        Problems problems = new Problems();
        Optional<ProtocolState> state = JsonDocuments.parse(json, problems).flatMap(root -> read(root, problems));
        problems.throwIfAny("protocol state");
        return state.orElseThrow();
    }

    private static Optional<ProtocolState> read(JsonNode root, Problems problems) {
        Optional<JsonObject> top = JsonObject.of(root, "", problems, "a protocol state");
        if (top.isEmpty()) {
            return Optional.empty();
        }
        JsonObject o = top.get();
        o.allowOnly(TOP);
        List<NetInterface> interfaces = new ArrayList<>();
        o.array("interfaces", false, StateLimits.MAX_INTERFACES).ifPresent(items ->
                readAll(items, o.pointer("interfaces"), problems, "an interface", (x) -> readInterface(x)).forEach(interfaces::add));
        List<Application> applications = new ArrayList<>();
        o.array("applications", false, StateLimits.MAX_APPLICATIONS).ifPresent(items ->
                readAll(items, o.pointer("applications"), problems, "an application", ProtocolStateJson::readApplication)
                        .forEach(applications::add));
        checkInterfaces(interfaces, o.pointer("interfaces"), problems);
        Map<String, Application> appsByName = checkApplications(applications, o.pointer("applications"), problems);
        Set<IpAddress> local = new HashSet<>();
        interfaces.forEach(i -> local.addAll(i.allAddresses()));

        List<Endpoint> endpoints = new ArrayList<>();
        Optional<List<JsonNode>> endpointItems = o.array("endpoints", false, StateLimits.MAX_ENDPOINTS);
        if (endpointItems.isPresent()) {
            List<JsonNode> items = endpointItems.get();
            for (int i = 0; i < items.size(); i++) {
                String p = JsonPointer.child(o.pointer("endpoints"), i);
                int index = i;
                JsonObject.of(items.get(i), p, problems, "an endpoint")
                        .flatMap(e -> readEndpoint(e, index, appsByName, local))
                        .ifPresent(endpoints::add);
            }
        }
        checkEndpoints(endpoints, endpointItems.orElse(List.of()), o.pointer("endpoints"), problems);

        List<Flow> flows = new ArrayList<>();
        o.array("flows", false, StateLimits.MAX_FLOWS).ifPresent(items ->
                readAll(items, o.pointer("flows"), problems, "a flow", ProtocolStateJson::readFlow).forEach(flows::add));
        checkFlowIds(flows, o.pointer("flows"), problems);
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProtocolState(interfaces, applications, endpoints, flows));
    }

    private interface ItemReader<T> {
        Optional<T> read(JsonObject item);
    }

    /**
     * Reads every element of an array; an element that fails keeps its place as a gap so later
     * checks can still report pointers by index (the returned list holds only the good ones).
     */
    private static <T> List<T> readAll(List<JsonNode> items, String pointer, Problems problems, String what, ItemReader<T> reader) {
        List<T> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonObject.of(items.get(i), JsonPointer.child(pointer, i), problems, what).flatMap(reader::read).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<NetInterface> readInterface(JsonObject o) {
        o.allowOnly(INTERFACE);
        Optional<String> name = name(o, "name", true, NAME, "an interface name");
        Optional<MacAddress> mac = o.string("mac", true).flatMap(text -> {
            Optional<MacAddress> m = MacAddress.tryParseCanonical(text);
            if (m.isEmpty()) {
                o.problems().add(o.pointer("mac"), "\"" + text + "\" is not a MAC address (aa:bb:cc:dd:ee:ff)");
            } else if (m.get().isMulticast()) {
                o.problems().add(o.pointer("mac"), text + " is a group (multicast) address; an interface needs an individual one");
                return Optional.empty();
            }
            return m;
        });
        // An interface lists its addresses under "ipv4" and "ipv6"; at least one of the two is given.
        boolean hasIpv6 = o.has("ipv6");
        List<Ipv4Address> addresses = new ArrayList<>();
        boolean addressesOk = !o.has("ipv4") && hasIpv6
                || readAddresses(o, "ipv4", "an IPv4 address (a.b.c.d)", Ipv4Address::tryParse, addresses);
        List<Ipv6Address> ipv6 = new ArrayList<>();
        boolean ipv6Ok = !hasIpv6 || readAddresses(o, "ipv6", "an IPv6 address (RFC 4291 text, e.g. 2001:db8::1)",
                text -> text.indexOf('%') >= 0 ? Optional.empty() : Ipv6Address.tryParse(text), ipv6);
        if (name.isEmpty() || mac.isEmpty() || !addressesOk || !ipv6Ok) {
            return Optional.empty();
        }
        return Optional.of(new NetInterface(name.get(), mac.get(), addresses, ipv6));
    }

    /** Reads the address array {@code member} into {@code out}; false (with problems at each element) if any is bad. */
    private static <A> boolean readAddresses(JsonObject o, String member, String expected,
            java.util.function.Function<String, Optional<A>> parser, List<A> out) {
        return o.array(member, true, StateLimits.MAX_ADDRESSES_PER_INTERFACE).map(items -> {
            boolean ok = true;
            for (int i = 0; i < items.size(); i++) {
                String p = JsonPointer.child(o.pointer(member), i);
                JsonNode item = items.get(i);
                Optional<A> a = item.isTextual() ? parser.apply(item.textValue()) : Optional.empty();
                if (a.isEmpty()) {
                    o.problems().add(p, "expected " + expected + ", got " + (item.isTextual() ? "\"" + item.textValue() + "\""
                            : JsonObject.kind(item)));
                    ok = false;
                } else if (out.contains(a.get())) {
                    o.problems().add(p, "address " + a.get() + " is listed twice");
                    ok = false;
                } else {
                    out.add(a.get());
                }
            }
            return ok;
        }).orElse(false);
    }

    private static Optional<Application> readApplication(JsonObject o) {
        o.allowOnly(APPLICATION);
        Optional<String> name = name(o, "name", true, NAME, "an application name");
        List<Integer> cores = new ArrayList<>();
        boolean coresOk = o.array("cores", true, StateLimits.MAX_CORES_PER_APPLICATION).map(items -> {
            boolean ok = true;
            if (items.isEmpty()) {
                o.problems().add(o.pointer("cores"), "an application needs at least one core");
                ok = false;
            }
            for (int i = 0; i < items.size(); i++) {
                String p = JsonPointer.child(o.pointer("cores"), i);
                OptionalLong c = JsonObject.integer(items.get(i), p, o.problems(), 0, StateLimits.MAX_CORE);
                if (c.isEmpty()) {
                    ok = false;
                } else if (cores.contains((int) c.getAsLong())) {
                    o.problems().add(p, "core " + c.getAsLong() + " is listed twice");
                    ok = false;
                } else {
                    cores.add((int) c.getAsLong());
                }
            }
            return ok;
        }).orElse(false);
        if (name.isEmpty() || !coresOk) {
            return Optional.empty();
        }
        return Optional.of(new Application(name.get(), cores));
    }

    private static Optional<Endpoint> readEndpoint(JsonObject o, int index, Map<String, Application> apps, Set<IpAddress> local) {
        o.allowOnly(ENDPOINT);
        Optional<String> name = o.has("name") ? name(o, "name", true, IDENTIFIER, "an endpoint name (an identifier)")
                : Optional.of("ep" + index);
        if (name.isPresent() && name.get().equals(Endpoint.RESERVED_NAME)) {
            o.problems().add(o.pointer("name"), "'" + name.get() + "' is reserved (it names the LPG's no-endpoint node)");
            name = Optional.empty();
        }
        Optional<Protocol> proto = protocol(o);
        Optional<AddressPattern> localAddress = address(o, "local", true).flatMap(a -> {
            if (a.port().isEmpty() || a.port().getAsInt() == 0) {
                o.problems().add(o.pointer("local"), "an endpoint needs a local port in 1..65535, got " + a);
                return Optional.empty();
            }
            if (a.address().isPresent() && !local.contains(a.address().get())) {
                o.problems().add(o.pointer("local"), a.address().get() + " is not an address of any interface");
                return Optional.empty();
            }
            return Optional.of(a);
        });
        Optional<AddressPattern> remote = Optional.empty();
        boolean remoteOk = true;
        if (o.has("remote")) {
            remote = address(o, "remote", true);
            if (remote.isEmpty()) {
                remoteOk = false;
            } else if (!remote.get().isConcrete() || remote.get().port().getAsInt() == 0) {
                o.problems().add(o.pointer("remote"), "a connected endpoint's remote side needs an address and a port in 1..65535, got " + remote.get());
                remoteOk = false;
            }
            if (remoteOk && localAddress.isPresent() && localAddress.get().version() != 0
                    && localAddress.get().version() != remote.get().version()) {
                o.problems().add(o.pointer("remote"), "remote " + remote.get() + " and local " + localAddress.get()
                        + " are of different address families");
                remoteOk = false;
            }
        }
        Optional<Application> app = o.string("application", true).flatMap(a -> {
            Application found = apps.get(a);
            if (found == null) {
                o.problems().add(o.pointer("application"), "no application named '" + a + "'");
            }
            return Optional.ofNullable(found);
        });
        List<Socket> sockets = new ArrayList<>();
        boolean socketsOk = o.array("sockets", true, StateLimits.MAX_SOCKETS_PER_ENDPOINT)
                .map(items -> readSockets(o, items, app, sockets)).orElse(false);
        if (name.isEmpty() || proto.isEmpty() || localAddress.isEmpty() || !remoteOk || app.isEmpty() || !socketsOk) {
            return Optional.empty();
        }
        return Optional.of(new Endpoint(name.get(), proto.get(), localAddress.get(), remote, app.get().name(), sockets));
    }

    private static boolean readSockets(JsonObject endpoint, List<JsonNode> items, Optional<Application> app, List<Socket> sockets) {
        Problems problems = endpoint.problems();
        if (items.isEmpty()) {
            problems.add(endpoint.pointer("sockets"), "an endpoint needs at least one socket");
            return false;
        }
        boolean ok = true;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String p = JsonPointer.child(endpoint.pointer("sockets"), i);
            Optional<JsonObject> so = JsonObject.of(items.get(i), p, problems, "a socket");
            if (so.isEmpty()) {
                ok = false;
                continue;
            }
            JsonObject s = so.get();
            s.allowOnly(SOCKET);
            Optional<String> name = s.has("name") ? name(s, "name", true, IDENTIFIER, "a socket name (an identifier)")
                    : Optional.of("s" + i);
            OptionalLong core = s.integer("core", true, 0, StateLimits.MAX_CORE);
            if (core.isPresent() && app.isPresent() && !app.get().cores().contains((int) core.getAsLong())) {
                problems.add(s.pointer("core"), "core " + core.getAsLong() + " is not one of application '" + app.get().name()
                        + "''s cores " + app.get().cores());
                ok = false;
            }
            if (name.isPresent() && !names.add(name.get())) {
                problems.add(s.pointer("name"), "socket name '" + name.get() + "' is used twice in this endpoint");
                ok = false;
            }
            if (name.isEmpty() || core.isEmpty()) {
                ok = false;
            } else {
                sockets.add(new Socket(name.get(), (int) core.getAsLong()));
            }
        }
        return ok;
    }

    private static Optional<Flow> readFlow(JsonObject o) {
        o.allowOnly(FLOW);
        Optional<String> id = flowId(o);
        Optional<Protocol> proto = protocol(o);
        Optional<AddressPattern> src = address(o, "src", true);
        Optional<AddressPattern> dst = address(o, "dst", true);
        Optional<String> cls = o.has("class") ? name(o, "class", true, IDENTIFIER, "a traffic class (an identifier)")
                : Optional.of(DEFAULT_CLASS);
        var pps = o.number("pps", true, 0, StateLimits.MAX_PPS);
        OptionalLong bytes = o.integer("bytes", true, StateLimits.MIN_BYTES_PER_PACKET, StateLimits.MAX_BYTES_PER_PACKET);
        if (src.isPresent() && dst.isPresent() && src.get().version() != 0 && dst.get().version() != 0
                && src.get().version() != dst.get().version()) {
            o.problems().add(o.pointer("dst"), "a flow's addresses are of one family: src " + src.get() + " is IPv"
                    + src.get().version() + ", dst " + dst.get() + " is IPv" + dst.get().version());
            dst = Optional.empty();
        }
        if (id.isEmpty() || proto.isEmpty() || src.isEmpty() || dst.isEmpty() || cls.isEmpty() || pps.isEmpty() || bytes.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> key = Optional.empty();
        if (o.has("key")) {
            key = o.string("key", true);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            String problem = keyProblem(key.get(), proto.get(), dst.get());
            if (problem != null) {
                o.problems().add(o.pointer("key"), problem);
                return Optional.empty();
            }
        }
        return Optional.of(new Flow(id.get(), proto.get(), src.get(), dst.get(), cls.get(), pps.getAsDouble(), (int) bytes.getAsLong(),
                key));
    }

    /** Why a flow's memcached key cannot be: null when it can. */
    private static String keyProblem(String key, Protocol proto, AddressPattern dst) {
        int bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > Flow.MAX_KEY_BYTES) {
            return "a memcached key has 1.." + Flow.MAX_KEY_BYTES + " bytes, this one " + bytes;
        }
        if (key.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return "a memcached key has no spaces or control characters";
        }
        if (proto != Protocol.UDP && proto != Protocol.TCP) {
            return "a flow with a key is a memcached request over udp or tcp, not " + proto.symbol();
        }
        if (dst.port().isEmpty() || dst.port().getAsInt() != Flow.MEMCACHED_PORT) {
            return "a flow with a key is a memcached request to port " + Flow.MEMCACHED_PORT + "; dst is " + dst;
        }
        return null;
    }

    /** A flow id: a name, or a non-negative integer kept as its decimal text. */
    private static Optional<String> flowId(JsonObject o) {
        Optional<JsonNode> v = o.member("id", true);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get().isIntegralNumber()) {
            return JsonObject.integer(v.get(), o.pointer("id"), o.problems(), 0, Long.MAX_VALUE).stream()
                    .mapToObj(Long::toString).findFirst();
        }
        return name(o, "id", true, NAME, "a flow id (letters, digits, _ . : -, or a non-negative integer)");
    }

    private static Optional<String> name(JsonObject o, String member, boolean required, Pattern pattern, String what) {
        return o.string(member, required).flatMap(s -> {
            if (!pattern.matcher(s).matches()) {
                o.problems().add(o.pointer(member), "\"" + s + "\" is not " + what);
                return Optional.empty();
            }
            return Optional.of(s);
        });
    }

    private static Optional<Protocol> protocol(JsonObject o) {
        return o.string("proto", true).flatMap(s -> {
            Optional<Protocol> p = Protocol.bySymbol(s);
            if (p.isEmpty()) {
                o.problems().add(o.pointer("proto"), "\"" + s + "\" is not a protocol; expected udp or tcp");
            }
            return p;
        });
    }

    private static Optional<AddressPattern> address(JsonObject o, String member, boolean required) {
        return o.string(member, required).flatMap(s -> {
            AddressPattern.ParseResult r = AddressPattern.parse(s);
            if (r.pattern().isEmpty()) {
                o.problems().add(o.pointer(member), r.error());
            }
            return r.pattern();
        });
    }

    private static void checkInterfaces(List<NetInterface> interfaces, String pointer, Problems problems) {
        Map<String, Integer> names = new HashMap<>();
        Map<IpAddress, String> owners = new HashMap<>();
        for (int i = 0; i < interfaces.size(); i++) {
            NetInterface n = interfaces.get(i);
            Integer before = names.putIfAbsent(n.name(), i);
            if (before != null) {
                problems.add(JsonPointer.child(JsonPointer.child(pointer, i), "name"), "interface name '" + n.name() + "' is used twice");
            }
            for (IpAddress a : n.allAddresses()) {
                String owner = owners.putIfAbsent(a, n.name());
                if (owner != null && !owner.equals(n.name())) {
                    problems.add(JsonPointer.child(JsonPointer.child(pointer, i), a.version() == 6 ? "ipv6" : "ipv4"),
                            "address " + a + " also belongs to interface '" + owner + "'");
                }
            }
        }
    }

    private static Map<String, Application> checkApplications(List<Application> applications, String pointer, Problems problems) {
        Map<String, Application> byName = new HashMap<>();
        for (int i = 0; i < applications.size(); i++) {
            Application a = applications.get(i);
            if (byName.putIfAbsent(a.name(), a) != null) {
                problems.add(JsonPointer.child(JsonPointer.child(pointer, i), "name"), "application name '" + a.name() + "' is used twice");
            }
        }
        return byName;
    }

    /** Unique names; two endpoints of equal specificity that overlap are the same endpoint twice. */
    private static void checkEndpoints(List<Endpoint> endpoints, List<JsonNode> items, String pointer, Problems problems) {
        if (endpoints.size() != items.size()) {
            return; // an endpoint failed to read; its problems are reported and indices no longer line up
        }
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            String p = JsonPointer.child(pointer, i);
            Integer before = names.putIfAbsent(e.name(), i);
            if (before != null) {
                problems.add(JsonPointer.child(p, "name"), "endpoint name '" + e.name() + "' is also used by " + JsonPointer.child(pointer, before));
            }
            String key = e.proto() + " " + e.local() + " " + e.remote().map(AddressPattern::toString).orElse("-");
            Integer same = keys.putIfAbsent(key, i);
            if (same != null) {
                problems.add(p, "endpoint " + e.proto() + " " + e.local() + e.remote().map(r -> " <- " + r).orElse("")
                        + " is the same as " + JsonPointer.child(pointer, same) + "; give it more sockets instead");
            }
        }
    }

    private static void checkFlowIds(List<Flow> flows, String pointer, Problems problems) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < flows.size(); i++) {
            Integer before = ids.putIfAbsent(flows.get(i).id(), i);
            if (before != null) {
                problems.add(JsonPointer.child(JsonPointer.child(pointer, i), "id"), "flow id '" + flows.get(i).id() + "' is also used by "
                        + JsonPointer.child(pointer, before));
            }
        }
    }

    /** The state as JSON in the format {@link #read} accepts (pretty-printed, stable order). */
    public static String write(ProtocolState state) {
        ObjectNode root = JsonDocuments.mapper().createObjectNode();
        ArrayNode ifs = root.putArray("interfaces");
        for (NetInterface n : state.interfaces()) {
            ObjectNode o = ifs.addObject();
            o.put("name", n.name());
            o.put("mac", n.mac().toString());
            if (!n.addresses().isEmpty() || n.ipv6Addresses().isEmpty()) {
                ArrayNode a = o.putArray("ipv4");
                n.addresses().forEach(x -> a.add(x.toString()));
            }
            if (!n.ipv6Addresses().isEmpty()) {
                ArrayNode a6 = o.putArray("ipv6");
                n.ipv6Addresses().forEach(x -> a6.add(x.toString()));
            }
        }
        ArrayNode apps = root.putArray("applications");
        for (Application app : state.applications()) {
            ObjectNode o = apps.addObject();
            o.put("name", app.name());
            ArrayNode c = o.putArray("cores");
            app.cores().forEach(c::add);
        }
        ArrayNode eps = root.putArray("endpoints");
        for (Endpoint e : state.endpoints()) {
            ObjectNode o = eps.addObject();
            o.put("name", e.name());
            o.put("proto", e.proto().symbol());
            o.put("local", e.local().toString());
            e.remote().ifPresent(r -> o.put("remote", r.toString()));
            o.put("application", e.application());
            ArrayNode s = o.putArray("sockets");
            e.sockets().forEach(x -> s.addObject().put("name", x.name()).put("core", x.core()));
        }
        ArrayNode fl = root.putArray("flows");
        for (Flow f : state.flows()) {
            ObjectNode o = fl.addObject();
            o.put("id", f.id());
            o.put("proto", f.proto().symbol());
            o.put("src", f.src().toString());
            o.put("dst", f.dst().toString());
            o.put("class", f.trafficClass());
            if (f.packetsPerSecond() == Math.rint(f.packetsPerSecond())) {
                o.put("pps", (long) f.packetsPerSecond());
            } else {
                o.put("pps", f.packetsPerSecond());
            }
            o.put("bytes", f.bytesPerPacket());
            f.key().ifPresent(k -> o.put("key", k));
        }
        try {
            return JsonDocuments.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree built in memory could not be written", e);
        }
    }

}
