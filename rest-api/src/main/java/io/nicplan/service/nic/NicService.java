package io.nicplan.service.nic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nicplan.app.draw.Graphviz;
import io.nicplan.app.nic.NicSummary;
import io.nicplan.graph.DataflowGraph;
import io.nicplan.service.config.LimitsProperties;
import io.nicplan.service.persistence.NicRecord;
import io.nicplan.service.persistence.EmulatorRepository;
import io.nicplan.service.persistence.NicRepository;
import io.nicplan.service.persistence.PlanRepository;
import io.nicplan.service.problem.ApiProblem;
import io.nicplan.service.work.BoundedText;
import io.nicplan.service.work.RequestWork;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * NIC descriptions: accepts Unicorn text (parsing it first, so only descriptions that parse are
 * stored), lists and resolves stored and shipped ones, and exports their graphs. A reference is a
 * stored id, {@code builtin:NAME}, or a bare name (a shipped name first, then a stored name).
 */
@Service
public class NicService {
    public static final String BUILTIN = "builtin:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final NicRepository repository;
    private final PlanRepository plans;
    private final EmulatorRepository emulators;
    private final DescriptionLibrary library;
    private final ObjectMapper json;
    private final long maxDescriptionBytes;
    private final long maxResponseBytes;
    /** Parsed graphs, so a description is parsed again only after it was dropped (bounded by count and size). */
    private final ParsedGraphs parsed;

    public NicService(NicRepository repository, PlanRepository plans, EmulatorRepository emulators,
                      DescriptionLibrary library, ObjectMapper json, LimitsProperties limits) {
        this.repository = repository;
        this.plans = plans;
        this.emulators = emulators;
        this.library = library;
        this.json = json;
        this.maxDescriptionBytes = limits.maxDescriptionSize().toBytes();
        this.maxResponseBytes = limits.maxResponseSize().toBytes();
        this.parsed = new ParsedGraphs((long) limits.maxDescriptionNodes() + limits.maxDescriptionEdges());
    }

    /** Parses and stores a description; 422 with every diagnostic when it does not parse. */
    public NicView create(Optional<String> requestedName, String source) {
        long size = source.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxDescriptionBytes) {
            throw ApiProblem.tooLarge("description of " + size + " bytes exceeds the limit of " + maxDescriptionBytes
                    + " bytes (nicplan.limits.max-description-size)");
        }
        if (source.isBlank()) {
            throw ApiProblem.badRequest("the description is empty; send Unicorn text (text/plain) or {name, source}");
        }
        requestedName.ifPresent(NicService::checkName);
        String fileName = requestedName.orElse("description") + ".unicorn";
        ParsedDescription result = RequestWork.interruptibly(() -> library.parse(fileName, source));
        if (!result.ok()) {
            throw invalid(fileName, result.diagnostics());
        }
        DataflowGraph graph = result.graph().orElseThrow();
        String name = requestedName.orElse(graph.name());
        if (library.builtinNames().contains(name)) {
            // A bare name resolves to the shipped description first; a stored one of that name could
            // never be reached by it.
            throw ApiProblem.conflict("a shipped description is named '" + name + "'; store this one under another"
                    + " name (?name= or \"name\")");
        }
        NicSummary summary = NicSummary.of(graph);
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);  // the database keeps microseconds
        repository.insert(new NicRecord(id, name, source, write(new StoredSummary(summary, warnings(result))), now));
        parsed.put(id, new ResolvedNic(id, name, false, source, graph));
        return new NicView(id, name, false, Optional.empty(), Optional.of(now), summary, warnings(result));
    }

    /**
     * Parses a description without storing it, for the console's editor: every diagnostic at its line and
     * column, and the summary when it parses. Too large or blank text is refused as by {@link #create}.
     */
    public Validation validate(String source) {
        long size = source.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxDescriptionBytes) {
            throw ApiProblem.tooLarge("description of " + size + " bytes exceeds the limit of " + maxDescriptionBytes
                    + " bytes (nicplan.limits.max-description-size)");
        }
        ParsedDescription result = RequestWork.interruptibly(() -> library.parse("description.unicorn", source));
        List<Diagnostic> diagnostics = result.diagnostics().stream()
                .sorted(java.util.Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column))
                .toList();
        return new Validation(result.ok(), diagnostics, result.graph().map(NicSummary::of));
    }

    /** What {@link #validate} found: whether it parses, every diagnostic, and the summary when it parses. */
    public record Validation(boolean ok, List<Diagnostic> diagnostics, Optional<NicSummary> summary) {
    }

    /** Shipped descriptions first, then stored ones in the order they were added. */
    public List<NicView> list() {
        List<NicView> out = new ArrayList<>();
        for (String name : library.builtinNames()) {
            out.add(builtinView(resolveBuiltin(name).orElseThrow()));
        }
        for (NicRecord r : repository.findAll()) {
            out.add(view(r));
        }
        return out;
    }

    public NicView get(String ref) {
        if (isBuiltinRef(ref)) {
            return builtinView(resolve(ref));
        }
        Optional<NicRecord> stored = repository.findById(ref);
        if (stored.isPresent()) {
            return view(stored.get());
        }
        return builtinView(resolve(ref));
    }

    /** The description behind a reference, parsed; 404 when there is none. */
    public ResolvedNic resolve(String ref) {
        return find(ref).orElseThrow(() -> ApiProblem.notFound("NIC description", ref));
    }

    public Optional<ResolvedNic> find(String ref) {
        if (ref.startsWith(BUILTIN)) {
            return resolveBuiltin(ref.substring(BUILTIN.length()));
        }
        ResolvedNic cached = parsed.get(ref);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<NicRecord> stored = repository.findById(ref);
        if (stored.isEmpty()) {
            Optional<ResolvedNic> builtin = resolveBuiltin(ref);
            if (builtin.isPresent()) {
                return builtin;
            }
            stored = repository.findByName(ref);
        }
        return stored.map(this::reparse);
    }

    /**
     * The graph as DOT or JSON, rendered into at most {@code nicplan.limits.max-response-size} (422
     * beyond), interruptibly when it runs as request work.
     */
    public String graph(String ref, GraphFormat format) {
        return graph(ref, format, false, Set.of());
    }

    /**
     * The graph as DOT, JSON or SVG, folded when {@code collapse} (docs/service.md "Pictures"); SVG is the
     * DOT drawn by Graphviz (501 where it is not installed). Bounded and interruptible as above.
     */
    public String graph(String ref, GraphFormat format, boolean collapse, Set<String> expanded) {
        DataflowGraph g = resolve(ref).graph();
        String what = "the " + format.name() + " of graph " + g.name();
        GraphFormat text = format == GraphFormat.SVG ? GraphFormat.DOT : format;
        String rendered = RequestWork.interruptibly(() -> collapse
                ? BoundedText.check(maxResponseBytes, what, library.renderCollapsed(g, text, expanded))
                : BoundedText.render(maxResponseBytes, what, out -> library.render(g, text, out)));
        return format == GraphFormat.SVG ? drawn(maxResponseBytes, what, rendered) : rendered;
    }

    /** DOT drawn as SVG by Graphviz, bounded like any rendering; 501 without Graphviz. */
    public static String drawn(long maxResponseBytes, String what, String dot) {
        try {
            return RequestWork.interruptibly(() -> BoundedText.check(maxResponseBytes, what, Graphviz.svg(dot)));
        } catch (Graphviz.UnavailableException e) {
            throw ApiProblem.notImplemented("graphviz-missing", "Graphviz Not Installed", e.getMessage());
        }
    }

    /**
     * Deletes a stored description by id or name. Shipped ones cannot be deleted (409), unknown
     * references are 404, and a description that plans or emulators still refer to is 409 with
     * their ids: deleting it would leave them unresolvable.
     */
    public void delete(String ref) {
        if (ref.startsWith(BUILTIN) || (library.builtinNames().contains(ref) && repository.findById(ref).isEmpty())) {
            String name = ref.startsWith(BUILTIN) ? ref.substring(BUILTIN.length()) : ref;
            if (!library.builtinNames().contains(name)) {
                throw ApiProblem.notFound("NIC description", ref);
            }
            throw ApiProblem.conflict("'" + ref + "' ships with nicplan and cannot be deleted");
        }
        NicRecord nic = repository.findById(ref).or(() -> repository.findByName(ref))
                .orElseThrow(() -> ApiProblem.notFound("NIC description", ref));
        List<String> refs = List.of(nic.id(), nic.name());
        List<String> usingPlans = plans.findIdsByNicRef(refs);
        List<String> usingEmulators = emulators.findIdsByDescription(refs);
        if (!usingPlans.isEmpty() || !usingEmulators.isEmpty()) {
            Map<String, Object> usedBy = new LinkedHashMap<>();
            usedBy.put("plans", usingPlans);
            usedBy.put("emulators", usingEmulators);
            throw ApiProblem.conflict("NIC description '" + ref + "' is used by " + usingPlans.size() + " plan(s) and "
                    + usingEmulators.size() + " emulator(s); delete them first", Map.of("usedBy", usedBy));
        }
        if (!repository.delete(nic.id())) {
            throw ApiProblem.notFound("NIC description", ref);
        }
        parsed.remove(nic.id());
    }

    private boolean isBuiltinRef(String ref) {
        return ref.startsWith(BUILTIN) || library.builtinNames().contains(ref);
    }

    private Optional<ResolvedNic> resolveBuiltin(String name) {
        String id = BUILTIN + name;
        ResolvedNic cached = parsed.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        return library.builtinSource(name).map(source -> {
            ParsedDescription p = library.parseBuiltin(name);
            DataflowGraph g = p.graph().orElseThrow(() -> new IllegalStateException(
                    "shipped description " + name + " does not parse: " + p.diagnostics()));
            ResolvedNic nic = new ResolvedNic(id, name, true, source, g);
            parsed.put(id, nic);
            return nic;
        });
    }

    private ResolvedNic reparse(NicRecord r) {
        ResolvedNic cached = parsed.get(r.id());
        if (cached != null) {
            return cached;
        }
        ParsedDescription p = library.parse(r.name() + ".unicorn", r.source());
        DataflowGraph g = p.graph().orElseThrow(() -> ApiProblem.conflict("stored description '" + r.id()
                + "' no longer parses with this version of nicplan: " + p.diagnostics()));
        ResolvedNic nic = new ResolvedNic(r.id(), r.name(), false, r.source(), g);
        parsed.put(r.id(), nic);
        return nic;
    }

    private NicView builtinView(ResolvedNic nic) {
        return new NicView(nic.id(), nic.name(), true, library.builtinSummary(nic.name()), Optional.empty(),
                NicSummary.of(nic.graph()), List.of());
    }

    private NicView view(NicRecord r) {
        StoredSummary s = read(r.summaryJson());
        return new NicView(r.id(), r.name(), false, Optional.empty(), Optional.of(r.createdAt()), s.summary(), s.warnings());
    }

    private static List<Diagnostic> warnings(ParsedDescription p) {
        return p.diagnostics().stream().filter(d -> !"error".equals(d.severity())).toList();
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiProblem.badRequest("name '" + name + "' must be 1-128 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        if (name.startsWith(BUILTIN)) {
            throw ApiProblem.badRequest("name must not start with '" + BUILTIN + "'");
        }
    }

    private static ApiProblem invalid(String fileName, List<Diagnostic> found) {
        List<Diagnostic> diagnostics = found.stream()
                .sorted(java.util.Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column))
                .toList();
        List<Diagnostic> errors = diagnostics.stream().filter(d -> "error".equals(d.severity())).toList();
        Diagnostic first = errors.isEmpty() ? diagnostics.get(0) : errors.get(0);
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("diagnostics", diagnostics);
        return ApiProblem.unprocessable("invalid-description", "Invalid NIC description",
                fileName + ":" + first.line() + ":" + first.column() + ": " + first.message()
                        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more errors)" : ""), ext);
    }

    /** The summary as stored beside the source. */
    record StoredSummary(NicSummary summary, List<Diagnostic> warnings) {
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    private StoredSummary read(String text) {
        try {
            return json.readValue(text, StoredSummary.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored NIC summary is not readable", e);
        }
    }
}
