package io.nicplan.unicorn.build;

import io.nicplan.graph.NodeKind;
import io.nicplan.graph.Port;
import io.nicplan.graph.config.ConfigType;
import io.nicplan.graph.predicate.Predicate;
import io.nicplan.unicorn.parse.ParseLimits;
import io.nicplan.unicorn.parse.ParseOptions;
import io.nicplan.unicorn.parser.UnicornBaseVisitor;
import io.nicplan.unicorn.parser.UnicornLexer;
import io.nicplan.unicorn.parser.UnicornParser;
import io.nicplan.unicorn.report.Reporter;
import io.nicplan.unicorn.report.Suggestions;
import io.nicplan.unicorn.source.Source;
import io.nicplan.unicorn.source.SourceException;
import io.nicplan.unicorn.source.SourceReader;
import io.nicplan.unicorn.source.SourceText;
import io.nicplan.unicorn.syntax.Locator;
import io.nicplan.unicorn.syntax.SyntaxParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Walks parse trees and expands them into node drafts: evaluates loops, names and expressions,
 * splices imports, and collects params and resources. References are kept as absolute ids and
 * checked by {@link GraphAssembler} once every node is declared. Every problem is reported and
 * expansion carries on; only the limits (nodes, edges, iterations) stop it early.
 */
final class GraphExpander extends UnicornBaseVisitor<Void> implements SyntaxParser.UnitSink {

    /** A declared param or resource, for duplicate and clash messages. */
    record Declared(String what, Token token, Locator at) {
    }

    /** A declared resource. */
    record ResourceDecl(String name, long capacity, Token token, Locator at) {
    }

    /** A parsed file, kept so that a file imported several times is parsed once. */
    private record Unit(UnicornParser.UnitContext tree, Locator at) {
    }

    private final ParseOptions options;
    private final ParseLimits limits;
    private final Reporter reporter;
    private final Suggestions suggestions;
    private final IntEvaluator ints;
    private final Names names;
    private final PredicateBuilder predicates;
    private final TypeBuilder types;

    final Map<String, NodeDraft> nodes = new LinkedHashMap<>();
    final Map<String, ResourceDecl> resources = new LinkedHashMap<>();
    final Map<String, Long> parameters = new LinkedHashMap<>();
    private final Map<String, Long> globals = new HashMap<>();
    private final Set<String> valueless = new HashSet<>();
    private final Map<String, Declared> declarations = new HashMap<>();

    String graphName;
    Token graphToken;
    Locator graphAt;
    private int graphsSeen;
    private boolean reportedAfterGraph;
    /** False when a syntax error, refused input or a limit kept part of the input from being expanded. */
    boolean complete = true;
    private boolean aborted;
    private long iterations;
    private long edges;

    private Locator at;
    private ClusterPath cluster = ClusterPath.ROOT;
    private Scope scope;
    private NodeDraft node;
    private final Deque<String> importStack = new ArrayDeque<>();
    private final Map<String, Optional<Unit>> imported = new HashMap<>();

    GraphExpander(ParseOptions options, Reporter reporter, Suggestions suggestions) {
        this.options = options;
        this.limits = options.limits();
        this.reporter = reporter;
        this.suggestions = suggestions;
        this.ints = new IntEvaluator(reporter, suggestions);
        this.names = new Names(ints, reporter, limits);
        this.predicates = new PredicateBuilder(ints, reporter, suggestions);
        this.types = new TypeBuilder(ints, reporter, limits.maxDepth());
        this.scope = Scope.root(globals, valueless);
    }

    // ------------------------------------------------------------------ files

    /**
     * Drops everything that refers to parse trees (parsed imports, caches keyed by tree nodes), so
     * the trees can be collected before the graph is assembled; the drafts keep only tokens.
     */
    void releaseTrees() {
        imported.clear();
        clearCaches();
    }

    /** Caches keyed by tree nodes help within one item (a loop body); between items they would pin trees. */
    private void clearCaches() {
        ints.clearCache();
        predicates.clearCache();
        names.clearCache();
    }

    /**
     * The main file as a stream of parse events (see {@link io.nicplan.unicorn.syntax.SyntaxParser#streamUnit}):
     * imports, then exactly one graph whose items are expanded as they arrive.
     */
    void beginMain(Locator mainAt) {
        at = mainAt;
        importStack.push(mainAt.source().name());
    }

    /** An item outside any graph: an import before the graph, anything else is misplaced. */
    @Override
    public void topLevelItem(UnicornParser.ItemContext item) {
        if (graphsSeen > 0) {
            if (!reportedAfterGraph) {
                reporter.report(at.error(item.getStart(), "nothing may follow the graph; move this into it"));
                reportedAfterGraph = true;
            }
        } else if (item.importDecl() != null) {
            visit(item);
        } else {
            reporter.report(at.error(item.getStart(), "only imports may come before 'graph'; move this into the graph"));
        }
    }

    @Override
    public void graphStart(UnicornParser.GraphHeaderContext header) {
        graphsSeen++;
        if (graphsSeen > 1) {
            if (!reportedAfterGraph) {
                reporter.report(at.error(header.getStart(), "a file declares one graph; this is a second"));
                reportedAfterGraph = true;
            }
            return;
        }
        graphName = header.anyIdent().getText();
        graphToken = header.anyIdent().getStart();
        graphAt = at;
    }

    /** An item of the graph: expanded now, after which nothing refers to its tree. */
    @Override
    public void graphItem(UnicornParser.ItemContext item) {
        if (graphsSeen == 1) {
            visit(item);
            clearCaches();
        }
    }

    /** The end of the main file; {@code first} is its first token (EOF for an empty file). */
    void endMain(Token first) {
        if (graphsSeen == 0) {
            reporter.report(at.error(first, "no graph: a graph file declares 'graph NAME { ... }' "
                    + "(a file of items only can be imported, not parsed on its own)"));
            complete = false;
        } else {
            checkOverrides();
        }
        importStack.pop();
    }

    private void checkOverrides() {
        for (Map.Entry<String, Long> o : options.parameters().entrySet()) {
            if (!parameters.containsKey(o.getKey()) && complete) {
                String hint = suggestions.closest(o.getKey(), parameters.keySet()).map(s -> "; did you mean '" + s + "'?")
                        .orElse(parameters.isEmpty() ? "; this graph has no params" : "; params are " + String.join(", ", parameters.keySet()));
                reporter.report(graphAt.error(graphToken, "parameter override '" + o.getKey() + "=" + o.getValue()
                        + "' names no param of graph " + graphName + hint));
            }
        }
    }

    @Override
    public Void visitImportDecl(UnicornParser.ImportDeclContext ctx) {
        Token pathToken = ctx.STRING().getSymbol();
        Optional<String> path = names.plainString(pathToken, at);
        if (path.isEmpty() || aborted) {
            return null;
        }
        if (importStack.size() > limits.maxImportDepth()) {
            reporter.report(at.error(pathToken, "imports are nested deeper than " + limits.maxImportDepth() + " files"));
            complete = false;
            return null;
        }
        Optional<Source> source;
        try {
            source = options.resolver().resolve(path.get(), Optional.of(at.source().name()));
        } catch (SourceException e) {
            reportUnreadable(e, pathToken);
            complete = false;
            return null;
        }
        if (source.isEmpty()) {
            reporter.report(at.error(pathToken, "cannot find import '" + path.get() + "'"));
            complete = false;
            return null;
        }
        String name = source.get().name();
        if (importStack.contains(name)) {
            List<String> chain = new ArrayList<>(importStack);
            java.util.Collections.reverse(chain);
            chain = new ArrayList<>(chain.subList(chain.indexOf(name), chain.size()));
            chain.add(name);
            reporter.report(at.error(pathToken, "import cycle: " + String.join(" -> ", chain)));
            complete = false;
            return null;
        }
        Optional<Unit> unit = imported.computeIfAbsent(name, n -> parseImport(source.get(), pathToken));
        if (unit.isEmpty()) {
            complete = false;
            return null;
        }
        Locator saved = at;
        at = unit.get().at();
        importStack.push(name);
        for (UnicornParser.TopItemContext top : unit.get().tree().topItem()) {
            if (top.graphDecl() != null) {
                reporter.report(at.error(top.getStart(), "an imported file holds items only and cannot declare a graph"));
            } else {
                visit(top.item());
            }
        }
        importStack.pop();
        at = saved;
        return null;
    }

    private Optional<Unit> parseImport(Source source, Token importToken) {
        long size = SourceReader.utf8Length(source.text(), limits.maxBytes());
        if (size > limits.maxBytes()) {
            reporter.report(at.error(importToken, "imported " + SourceReader.tooLarge(size, limits.maxBytes())));
            return Optional.empty();
        }
        Locator fileAt = Locator.of(new SourceText(source.name(), source.text()));
        return SyntaxParser.parseUnit(fileAt, limits.maxDepth(), reporter)
                .filter(SyntaxParser.Parsed::clean)
                .map(p -> new Unit(p.tree(), fileAt));
    }

    private void reportUnreadable(SourceException e, Token importToken) {
        if (e.location().isPresent()) {
            reporter.report(SourceText.diagnostic(e.sourceName(), e.lineText(), io.nicplan.unicorn.source.Diagnostic.Severity.ERROR,
                    e.line(), e.column(), e.getMessage()));
        } else {
            reporter.report(at.error(importToken, "cannot read import '" + e.sourceName() + "': " + e.getMessage()));
        }
    }

    // ------------------------------------------------------------------ items

    @Override
    public Void visitItem(UnicornParser.ItemContext ctx) {
        return aborted ? null : visitChildren(ctx);
    }

    @Override
    public Void visitParamDecl(UnicornParser.ParamDeclContext ctx) {
        String name = ctx.ID().getText();
        OptionalLong value = ints.evaluate(ctx.intExpr(0), scope, at);
        OptionalLong lo = ctx.IN() != null ? ints.evaluate(ctx.intExpr(1), scope, at) : OptionalLong.of(Long.MIN_VALUE);
        OptionalLong hi = ctx.IN() != null ? ints.evaluate(ctx.intExpr(2), scope, at) : OptionalLong.of(Long.MAX_VALUE);
        if (!declare(name, "param", ctx.ID().getSymbol())) {
            return null;
        }
        if (value.isEmpty() || lo.isEmpty() || hi.isEmpty()) {
            valueless.add(name);
            return null;
        }
        if (lo.getAsLong() > hi.getAsLong()) {
            reporter.report(at.error(ctx.intExpr(1).getStart(), "param range " + lo.getAsLong() + ".." + hi.getAsLong() + " is empty"));
            valueless.add(name);
            return null;
        }
        long v = value.getAsLong();
        Long override = options.parameters().get(name);
        if (v < lo.getAsLong() || v > hi.getAsLong()) {
            // Reported; the param is still declared so that its uses do not add "unknown name" errors.
            reporter.report(at.error(ctx.intExpr(0).getStart(), "default " + v + " of param '" + name + "' is outside its range "
                    + lo.getAsLong() + ".." + hi.getAsLong()));
        } else if (override != null && (override < lo.getAsLong() || override > hi.getAsLong())) {
            // Reported, and the default is used so the rest of the file is still checked.
            reporter.report(at.error(ctx.ID().getSymbol(), "override " + name + "=" + override + " is outside the param's range "
                    + lo.getAsLong() + ".." + hi.getAsLong()));
        } else if (override != null) {
            v = override;
        }
        globals.put(name, v);
        parameters.put(name, v);
        return null;
    }

    @Override
    public Void visitResourceDecl(UnicornParser.ResourceDeclContext ctx) {
        String name = ctx.ID().getText();
        OptionalLong value = ints.evaluate(ctx.intExpr(), scope, at);
        if (!declare(name, "resource", ctx.ID().getSymbol())) {
            return null;
        }
        if (value.isEmpty()) {
            valueless.add(name);
            return null;
        }
        if (value.getAsLong() < 0) {
            reporter.report(at.error(ctx.intExpr().getStart(), "resource '" + name + "' has negative capacity " + value.getAsLong()));
            valueless.add(name);
            return null;
        }
        globals.put(name, value.getAsLong());
        resources.put(name, new ResourceDecl(name, value.getAsLong(), ctx.ID().getSymbol(), at));
        return null;
    }

    /** Records a param or resource name; false (after reporting) when the name is taken. */
    private boolean declare(String name, String what, Token token) {
        Declared earlier = declarations.get(name);
        if (earlier != null) {
            reporter.report(at.error(token, (earlier.what().equals(what) ? what + " '" + name + "' is already declared"
                    : "'" + name + "' is already declared as a " + earlier.what()) + " at " + earlier.at().place(earlier.token(), at)));
            return false;
        }
        if (scope.isLoopVariable(name)) {
            reporter.report(at.error(token, what + " '" + name + "' has the name of a loop variable in scope"));
            return false;
        }
        declarations.put(name, new Declared(what, token, at));
        return true;
    }

    @Override
    public Void visitClusterDecl(UnicornParser.ClusterDeclContext ctx) {
        Optional<String> name = names.declared(ctx.declName(), scope, at);
        if (name.isEmpty()) {
            return null;
        }
        ClusterPath saved = cluster;
        cluster = cluster.child(name.get());
        for (UnicornParser.ItemContext item : ctx.item()) {
            visit(item);
        }
        cluster = saved;
        return null;
    }

    @Override
    public Void visitForItem(UnicornParser.ForItemContext ctx) {
        loop(ctx.FOR().getSymbol(), ctx.ID(), ctx.intExpr(0), ctx.intExpr(1), () -> {
            for (UnicornParser.ItemContext item : ctx.item()) {
                visit(item);
            }
        });
        return null;
    }

    @Override
    public Void visitNodeForStmt(UnicornParser.NodeForStmtContext ctx) {
        loop(ctx.FOR().getSymbol(), ctx.ID(), ctx.intExpr(0), ctx.intExpr(1), () -> {
            for (UnicornParser.NodeStmtContext stmt : ctx.nodeStmt()) {
                visit(stmt);
            }
        });
        return null;
    }

    private void loop(Token forToken, TerminalNode variable, UnicornParser.IntExprContext loCtx,
                      UnicornParser.IntExprContext hiCtx, Runnable body) {
        OptionalLong lo = ints.evaluate(loCtx, scope, at);
        OptionalLong hi = ints.evaluate(hiCtx, scope, at);
        String name = variable.getText();
        if (scope.lookup(name).isPresent()) {
            reporter.report(at.error(variable.getSymbol(), "loop variable '" + name + "' hides "
                    + (scope.isLoopVariable(name) ? "an enclosing loop variable" : "a param or resource") + " of the same name"));
            return;
        }
        if (lo.isEmpty() || hi.isEmpty() || hi.getAsLong() < lo.getAsLong()) {
            return;
        }
        long span;
        try {
            span = Math.subtractExact(hi.getAsLong(), lo.getAsLong());
        } catch (ArithmeticException e) {
            span = Long.MAX_VALUE;
        }
        if (span >= limits.maxLoopIterations()) {
            reporter.report(at.error(forToken, "loop over " + lo.getAsLong() + ".." + hi.getAsLong() + " runs "
                    + (span == Long.MAX_VALUE ? "too many" : Long.toString(span + 1)) + " times; one loop may run at most "
                    + limits.maxLoopIterations() + " times"));
            complete = false;
            return;
        }
        Scope saved = scope;
        for (long k = 0; k <= span && !aborted; k++) {
            if (++iterations > limits.maxTotalIterations()) {
                reporter.report(at.error(forToken, "loops ran more than " + limits.maxTotalIterations()
                        + " iterations in total; expansion stopped"));
                abort();
                break;
            }
            scope = saved.with(name, lo.getAsLong() + k);
            body.run();
        }
        scope = saved;
    }

    private void abort() {
        aborted = true;
        complete = false;
    }

    // ------------------------------------------------------------------ nodes

    @Override
    public Void visitNodeDecl(UnicornParser.NodeDeclContext ctx) {
        if (aborted) {
            return null;
        }
        NodeKind kind = kind(ctx.nodeKind().getStart().getType());
        Optional<String> name = names.declared(ctx.declName(), scope, at);
        String id = cluster.prefix() + name.orElse("");
        if (name.isPresent() && nodes.size() >= limits.maxNodes()) {
            reporter.report(at.error(ctx.declName().getStart(), "more than " + limits.maxNodes()
                    + " nodes; expansion stopped"));
            abort();
            return null;
        }
        NodeDraft draft = new NodeDraft(id, kind, ctx.declName().getStart(), at);
        NodeDraft saved = node;
        node = draft;
        for (UnicornParser.NodeStmtContext stmt : ctx.nodeStmt()) {
            visit(stmt);
        }
        node = saved;
        finish(draft);
        if (name.isEmpty()) {
            return null;
        }
        NodeDraft earlier = nodes.putIfAbsent(id, draft);
        if (earlier != null) {
            reporter.report(at.error(draft.token, earlier.token == draft.token
                    ? "node '" + id + "' is declared again by the next loop iteration; put the loop variable in its name"
                    : "node '" + id + "' is already declared at " + earlier.at.place(earlier.token, at)));
        }
        return null;
    }

    private static NodeKind kind(int keyword) {
        return switch (keyword) {
            case UnicornLexer.NODE -> NodeKind.NODE;
            case UnicornLexer.BOOLEAN -> NodeKind.BOOLEAN;
            case UnicornLexer.AND -> NodeKind.AND;
            case UnicornLexer.OR -> NodeKind.OR;
            case UnicornLexer.NAND -> NodeKind.NAND;
            case UnicornLexer.NOR -> NodeKind.NOR;
            case UnicornLexer.CONFIG -> NodeKind.CONFIG;
            default -> throw new IllegalStateException("grammar and NodeKind disagree on token " + keyword);
        };
    }

    /** Attaches {@code predicate} statements to their ports and checks what a kind requires. */
    private void finish(NodeDraft draft) {
        for (NodeDraft.PendingPredicate p : draft.pendingPredicates()) {
            NodeDraft.PortDraft port = draft.ports.get(p.port());
            if (port == null) {
                String hint = suggestions.closest(p.port(), draft.ports.keySet()).map(s -> "; did you mean '" + s + "'?").orElse("");
                reporter.report(draft.at.error(p.token(), "node '" + draft.id + "' has no port '" + p.port() + "'" + hint));
            } else {
                setPredicate(draft, port, p.predicate(), p.token());
            }
        }
        if (draft.kind == NodeKind.CONFIG) {
            if (draft.typeToken == null) {
                reporter.report(draft.at.error(draft.token, "config node '" + draft.id + "' needs a 'type'"));
            }
            if (draft.functionToken == null) {
                reporter.report(draft.at.error(draft.token, "config node '" + draft.id + "' needs a 'function'"));
            } else if (options.configFunctions().isPresent() && !options.configFunctions().get().contains(draft.function)) {
                Set<String> known = options.configFunctions().get();
                String hint = suggestions.closest(draft.function, known).map(s -> "; did you mean '" + s + "'?").orElse("");
                reporter.report(draft.at.error(draft.functionToken, "config node '" + draft.id + "' uses function '" + draft.function
                        + "', which no NIC feature defines (known: " + String.join(", ", known) + ")" + hint));
            }
        }
    }

    private void setPredicate(NodeDraft draft, NodeDraft.PortDraft port, Predicate predicate, Token token) {
        if (port.predicateToken != null) {
            reporter.report(draft.at.error(token, "port '" + port.name + "' of node '" + draft.id
                    + "' already has a predicate (at " + draft.at.place(port.predicateToken, draft.at) + "); a port has at most one"));
            return;
        }
        port.predicate = predicate;
        port.predicateToken = token;
    }

    @Override
    public Void visitAttrStmt(UnicornParser.AttrStmtContext ctx) {
        Token t = ctx.STRING().getSymbol();
        Optional<String> text = names.string(t, scope, at);
        if (text.isEmpty()) {
            return null;
        }
        String attribute = text.get();
        int eq = attribute.indexOf('=');
        if (attribute.isBlank() || eq == 0 || (eq > 0 && attribute.substring(0, eq).isBlank())) {
            reporter.report(at.error(t, "an attribute is a flag (\"software\") or key=value (\"queue=3\"), not \"" + attribute + "\""));
            return null;
        }
        if (eq < 0) {
            if (!node.addFlag(attribute.strip())) {
                reporter.report(at.warning(t, "attribute \"" + attribute.strip() + "\" is given twice"));
            }
            return null;
        }
        String key = attribute.substring(0, eq).strip();
        String value = attribute.substring(eq + 1).strip();
        String earlier = node.putValueIfAbsent(key, value);
        if (earlier != null && !earlier.equals(value)) {
            reporter.report(at.error(t, "attribute '" + key + "' is already \"" + earlier + "\""));
        } else if (earlier != null) {
            reporter.report(at.warning(t, "attribute \"" + attribute + "\" is given twice"));
        }
        return null;
    }

    @Override
    public Void visitImplementationStmt(UnicornParser.ImplementationStmtContext ctx) {
        Token t = ctx.STRING().getSymbol();
        Optional<String> text = names.string(t, scope, at);
        if (once(node.implementationToken, ctx.IMPLEMENTATION().getSymbol(), "implementation") && text.isPresent()) {
            node.implementation = text.get();
            node.implementationToken = ctx.IMPLEMENTATION().getSymbol();
        }
        return null;
    }

    @Override
    public Void visitCyclesStmt(UnicornParser.CyclesStmtContext ctx) {
        OptionalLong v = ints.evaluate(ctx.intExpr(), scope, at);
        if (!once(node.cyclesToken, ctx.CYCLES().getSymbol(), "cycles") || v.isEmpty()) {
            return null;
        }
        if (v.getAsLong() < 0) {
            reporter.report(at.error(ctx.intExpr().getStart(), "cycles must not be negative, got " + v.getAsLong()));
            return null;
        }
        node.cycles = v.getAsLong();
        node.cyclesToken = ctx.CYCLES().getSymbol();
        return null;
    }

    @Override
    public Void visitTypeStmt(UnicornParser.TypeStmtContext ctx) {
        Token t = ctx.TYPE().getSymbol();
        Optional<ConfigType> type = types.build(ctx.configType(), scope, at);
        if (configOnly(t, "type") && once(node.typeToken, t, "type")) {
            node.typeToken = t;
            node.type = type.orElse(null);
        }
        return null;
    }

    @Override
    public Void visitFunctionStmt(UnicornParser.FunctionStmtContext ctx) {
        Token t = ctx.FUNCTION().getSymbol();
        if (configOnly(t, "function") && once(node.functionToken, t, "function")) {
            node.functionToken = t;
            node.function = ctx.anyIdent().getText();
        }
        return null;
    }

    @Override
    public Void visitUsesStmt(UnicornParser.UsesStmtContext ctx) {
        Token t = ctx.USES().getSymbol();
        if (!configOnly(t, "uses") || !once(node.usesToken, t, "uses")) {
            return null;
        }
        node.usesToken = t;
        Set<String> seen = new HashSet<>();
        for (TerminalNode r : ctx.ID()) {
            if (!seen.add(r.getText())) {
                reporter.report(at.error(r.getSymbol(), "resource '" + r.getText() + "' is listed twice"));
            } else {
                node.addUse(new NodeDraft.Use(r.getText(), r.getSymbol(), at));
            }
        }
        return null;
    }

    private boolean configOnly(Token t, String what) {
        if (node.kind != NodeKind.CONFIG) {
            reporter.report(at.error(t, "only config nodes have '" + what + "'; '" + node.id + "' is declared with '"
                    + node.kind.keyword() + "'"));
            return false;
        }
        return true;
    }

    private boolean once(Token earlier, Token t, String what) {
        if (earlier != null) {
            reporter.report(at.error(t, "'" + what + "' is already given for node '" + node.id + "' at " + at.place(earlier, at)));
            return false;
        }
        return true;
    }

    @Override
    public Void visitPortStmt(UnicornParser.PortStmtContext ctx) {
        Optional<String> name = names.declared(ctx.declName(), scope, at);
        List<Target> targets = targets(ctx.reference());
        Predicate predicate = null;
        Token whenToken = ctx.WHEN() != null ? ctx.WHEN().getSymbol() : null;
        if (whenToken != null) {
            if (node.kind.isOperator()) {
                reporter.report(at.error(whenToken, operatorPredicate()));
            } else {
                predicate = predicates.build(ctx.predExpr(), scope, at).orElse(null);
            }
        }
        if (name.isEmpty() || !portNameAllowed(name.get(), ctx.declName().getStart())) {
            return null;
        }
        NodeDraft.PortDraft earlier = node.ports.get(name.get());
        if (earlier != null) {
            reporter.report(at.error(ctx.declName().getStart(), "port '" + name.get() + "' of node '" + node.id
                    + "' is already declared at " + at.place(earlier.token, at)));
            return null;
        }
        NodeDraft.PortDraft port = new NodeDraft.PortDraft(name.get(), ctx.declName().getStart());
        port.targets.addAll(targets);
        if (predicate != null) {
            port.predicate = predicate;
            port.predicateToken = whenToken;
        }
        node.ports.put(port.name, port);
        return null;
    }

    @Override
    public Void visitPredicateStmt(UnicornParser.PredicateStmtContext ctx) {
        Optional<String> name = names.declared(ctx.declName(), scope, at);
        Token t = ctx.PREDICATE().getSymbol();
        if (node.kind.isOperator()) {
            reporter.report(at.error(t, operatorPredicate()));
            return null;
        }
        Optional<Predicate> predicate = predicates.build(ctx.predExpr(), scope, at);
        if (name.isPresent() && predicate.isPresent()) {
            node.addPendingPredicate(new NodeDraft.PendingPredicate(name.get(), predicate.get(), t));
        }
        return null;
    }

    @Override
    public Void visitSpawnStmt(UnicornParser.SpawnStmtContext ctx) {
        Optional<String> label = names.declared(ctx.declName(), scope, at);
        List<Target> targets = targets(ctx.reference());
        label.ifPresent(l -> node.addSpawns(l, targets));
        return null;
    }

    private String operatorPredicate() {
        return "the ports of " + node.kind.keyword() + " node '" + node.id
                + "' take no predicates: an operator's activation follows from its inputs";
    }

    private boolean portNameAllowed(String name, Token token) {
        if (node.kind.hasBooleanPorts() && !name.equals(Port.TRUE) && !name.equals(Port.FALSE)) {
            reporter.report(at.error(token, node.kind.keyword() + " node '" + node.id
                    + "' may only have ports 'true' and 'false', not '" + name + "'"));
            return false;
        }
        return true;
    }

    private List<Target> targets(List<UnicornParser.ReferenceContext> references) {
        List<Target> out = new ArrayList<>();
        UnicornParser.ReferenceContext previous = null;
        Set<String> seen = references.size() > 1 ? new HashSet<>() : null;
        for (UnicornParser.ReferenceContext r : references) {
            if (previous != null && previous.getStop().getStopIndex() + 1 == r.getStart().getStartIndex()) {
                reporter.report(at.error(r.getStart(), "targets are separated by spaces: '" + previous.getText() + "' and '"
                        + r.getText() + "' touch"));
            }
            previous = r;
            Optional<List<String>> ids = names.reference(r, cluster, scope, at);
            if (ids.isEmpty()) {
                continue;
            }
            edges += ids.get().size();
            if (edges > limits.maxEdges()) {
                reporter.report(at.error(r.getStart(), "more than " + limits.maxEdges() + " edges; expansion stopped"));
                abort();
                return out;
            }
            for (String id : ids.get()) {
                if (seen != null && !seen.add(id)) {
                    reporter.report(at.warning(r.getStart(), "target '" + id + "' is listed twice"));
                    continue;
                }
                out.add(new Target(id, cluster, r.getStart(), at));
            }
        }
        return out;
    }

    @Override
    protected Void defaultResult() {
        return null;
    }
}
