package io.nicplan.flexnic.runtime;

import io.nicplan.flexnic.pipeline.CompiledAction;
import io.nicplan.flexnic.pipeline.CompiledRss;
import io.nicplan.flexnic.pipeline.CompiledTable;
import io.nicplan.flexnic.pipeline.DirectCounter;
import io.nicplan.flexnic.pipeline.PipelineSnapshot;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.CounterValue;
import io.nicplan.flexnic.program.DefaultAction;
import io.nicplan.flexnic.program.Entity;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.FlowSpec;
import io.nicplan.flexnic.program.RssContextSpec;
import io.nicplan.flexnic.program.RssIndirection;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.program.TableSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The control path of one FlexNIC: holds the installed entries of every table, applies write
 * batches and answers reads, P4Runtime style. Every committed batch is compiled into a new
 * {@link PipelineSnapshot} (only the tables it touched are rebuilt) and handed to subscribers
 * (the packet path's {@code Pipeline::publish}) in one step. Direct counters are read from the
 * snapshot the packet path runs ({@link #readCountersFrom}). Thread-safe: writes and reads are
 * serialised; the packet path never waits for them.
 */
public final class FlexNicRuntime {

    private final FlexNicProgram program;
    private final List<DirectCounter> namedCounters;
    private final Map<String, TableState> tables = new LinkedHashMap<>();
    private final Map<String, CompiledTable> compiledTables = new LinkedHashMap<>();
    private final Map<String, List<Integer>> indirections = new LinkedHashMap<>();
    private final Map<String, CompiledRss> compiledRss = new LinkedHashMap<>();
    private final List<Consumer<PipelineSnapshot>> subscribers = new CopyOnWriteArrayList<>();
    /** Compiled actions by spec: entries with equal actions share one (see {@link CompiledAction}). */
    private final Map<ActionSpec, CompiledAction> actionCache = new java.util.HashMap<>();
    private long nextEntryId = 1;
    private long version;
    private volatile PipelineSnapshot snapshot;
    private volatile Supplier<PipelineSnapshot> counterSource = () -> snapshot;
    private FlowStateStore flowState;

    /** A runtime for the program with every table empty and its defaults installed. */
    public FlexNicRuntime(FlexNicProgram program) {
        this.program = Objects.requireNonNull(program, "program");
        List<DirectCounter> named = new ArrayList<>();
        for (int i = 0; i < program.counters().size(); i++) {
            named.add(new DirectCounter());
        }
        this.namedCounters = List.copyOf(named);
        List<TableSpec> ordered = program.tablesInOrder();
        for (int i = 0; i < ordered.size(); i++) {
            TableSpec spec = ordered.get(i);
            TableState state = new TableState(spec, i, compile(spec.defaultAction()));
            tables.put(spec.name(), state);
            compiledTables.put(spec.name(), state.compile());
        }
        for (RssContextSpec rss : program.rssContexts()) {
            indirections.put(rss.name(), rss.indirection());
            compiledRss.put(rss.name(), new CompiledRss(rss.key(), rss.hashType(), rss.indirection()));
        }
        this.snapshot = buildSnapshot();
    }

    public FlexNicProgram program() {
        return program;
    }

    /** The snapshot the packet path should be running now. */
    public PipelineSnapshot snapshot() {
        return snapshot;
    }

    /**
     * Where direct counters are read: the snapshot the packet path runs (its pipeline's
     * {@code adopted}), since only the packet path counts. Without it, counters read zero.
     */
    public void readCountersFrom(Supplier<PipelineSnapshot> source) {
        this.counterSource = Objects.requireNonNull(source, "source");
    }

    /**
     * Where {@link FlowSpec} updates go: the fast-path engine's flow table. Without one, flow-state
     * updates are rejected as INVALID_ARGUMENT.
     */
    public synchronized void attachFlowState(FlowStateStore store) {
        this.flowState = Objects.requireNonNull(store, "store");
    }

    /** Flow-state slots in use and in all, or empty without a fast-path engine. */
    public synchronized Optional<int[]> flowStateUsage() {
        return flowState == null ? Optional.empty() : Optional.of(new int[] {flowState.size(), flowState.capacity()});
    }

    /** Calls {@code subscriber} with every snapshot committed from now on. */
    public void subscribe(Consumer<PipelineSnapshot> subscriber) {
        subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
    }

    /** Applies (or, in VERIFY_ONLY mode, checks) a batch; see {@link Atomicity} and {@link WriteMode}. */
    public synchronized WriteResponse write(WriteRequest request) {
        Batch batch = new Batch();
        List<UpdateStatus> statuses = new ArrayList<>(request.updates().size());
        int firstFailure = -1;
        for (int i = 0; i < request.updates().size(); i++) {
            try {
                apply(batch, request.updates().get(i));
                statuses.add(UpdateStatus.OK);
            } catch (UpdateRejected rejected) {
                statuses.add(rejected.status());
                if (firstFailure < 0) {
                    firstFailure = i;
                }
            }
        }
        if (request.mode() == WriteMode.VERIFY_ONLY) {
            return new WriteResponse(statuses, false, version);
        }
        if (firstFailure >= 0 && request.atomicity() == Atomicity.ROLLBACK_ON_ERROR) {
            UpdateStatus aborted = UpdateStatus.of(StatusCode.ABORTED,
                    "not applied: update #" + firstFailure + " of this ROLLBACK_ON_ERROR batch failed");
            statuses.replaceAll(s -> s.ok() ? aborted : s);
            return new WriteResponse(statuses, false, version);
        }
        boolean anyApplied = statuses.stream().anyMatch(UpdateStatus::ok);
        if (anyApplied) {
            commit(batch);
        }
        return new WriteResponse(statuses, anyApplied, version);
    }

    /** All entries of a table with their counters, in installation order. */
    public synchronized List<EntryReading> readEntries(String table) {
        TableState state = requireTable(table);
        CompiledTable counted = counterSource.get().table(state.index);
        return state.entries.values().stream().map(e -> new EntryReading(e.entry(), counted.counter(e.id()))).toList();
    }

    /**
     * The installed entry with the same match (and priority) as {@code match}, if any; its
     * action is ignored.
     *
     * @throws IllegalArgumentException if the table does not exist or the match is invalid for it
     */
    public synchronized Optional<EntryReading> readEntry(TableEntry match) {
        TableState state = requireTable(match.table());
        try {
            InstalledEntry e = state.entries.get(EntryNormalizer.normalize(state.spec, match));
            CompiledTable counted = counterSource.get().table(state.index);
            return Optional.ofNullable(e).map(x -> new EntryReading(x.entry(), counted.counter(x.id())));
        } catch (UpdateRejected rejected) {
            throw new IllegalArgumentException(rejected.getMessage(), rejected);
        }
    }

    /** Number of entries installed in a table. */
    public synchronized int size(String table) {
        return requireTable(table).entries.size();
    }

    public synchronized ActionSpec readDefaultAction(String table) {
        return requireTable(table).defaultAction.spec();
    }

    /** Packets and bytes that missed every entry of the table (its default action's counter). */
    public synchronized CounterValue readDefaultCounter(String table) {
        return counterSource.get().table(requireTable(table).index).defaultCounter();
    }

    /** A named counter of the program. */
    public CounterValue readCounter(String name) {
        int index = program.indexOfCounter(name);
        if (index < 0) {
            throw new IllegalArgumentException("no counter '" + name + "' in the program");
        }
        return namedCounters.get(index).read();
    }

    /** The current indirection table of an RSS context. */
    public synchronized List<Integer> readIndirection(String context) {
        List<Integer> table = indirections.get(context);
        if (table == null) {
            throw new IllegalArgumentException("no rss context '" + context + "' in the program");
        }
        return table;
    }

    private TableState requireTable(String name) {
        TableState state = tables.get(name);
        if (state == null) {
            throw new IllegalArgumentException("no table '" + name + "' in the program");
        }
        return state;
    }

    private CompiledAction compile(ActionSpec action) {
        return actionCache.computeIfAbsent(action, a -> CompiledAction.compile(a, program, namedCounters));
    }

    private void apply(Batch batch, Update update) throws UpdateRejected {
        Entity entity = update.entity();
        if (entity instanceof TableEntry entry) {
            applyEntry(batch, update.type(), entry);
        } else if (entity instanceof FlowSpec flow) {
            applyFlowState(batch, update.type(), flow);
        } else if (entity instanceof DefaultAction d) {
            if (update.type() != UpdateType.MODIFY) {
                throw invalid("a default action can only be modified, not " + update.type());
            }
            TableState state = batch.table(d.table());
            checkAction(d.action(), "default action of table " + d.table());
            state.defaultAction = compile(d.action());
        } else if (entity instanceof RssIndirection r) {
            if (update.type() != UpdateType.MODIFY) {
                throw invalid("an RSS indirection table can only be modified, not " + update.type());
            }
            List<Integer> current = batch.indirection(r.context());
            if (r.queues().size() != current.size()) {
                throw invalid("rss context " + r.context() + " has " + current.size() + " buckets, got "
                        + r.queues().size());
            }
            for (int i = 0; i < r.queues().size(); i++) {
                int q = r.queues().get(i);
                if (q < 0 || q >= program.rxQueues()) {
                    throw invalid("rss context " + r.context() + " bucket " + i + ": queue " + q + " is not one of the "
                            + program.rxQueues() + " RX queues");
                }
            }
            batch.rss.put(r.context(), r.queues());
        }
    }

    private void applyEntry(Batch batch, UpdateType type, TableEntry entry) throws UpdateRejected {
        TableState state = batch.table(entry.table());
        EntryKey key = EntryNormalizer.normalize(state.spec, entry);
        switch (type) {
            case INSERT -> {
                checkAction(entry.action(), "table " + entry.table());
                if (state.entries.containsKey(key)) {
                    throw new UpdateRejected(StatusCode.ALREADY_EXISTS, "table " + entry.table()
                            + ": an entry with this match" + (state.spec.needsPriority() ? " and priority" : "")
                            + " is already installed: " + entry);
                }
                if (state.entries.size() >= state.spec.capacity()) {
                    throw new UpdateRejected(StatusCode.RESOURCE_EXHAUSTED, "table " + entry.table() + " is full ("
                            + state.spec.capacity() + " entries)");
                }
                state.entries.put(key, new InstalledEntry(entry, key, nextEntryId++, compile(entry.action())));
            }
            case MODIFY -> {
                checkAction(entry.action(), "table " + entry.table());
                InstalledEntry existing = state.entries.get(key);
                if (existing == null) {
                    throw notFound(entry);
                }
                state.entries.put(key, new InstalledEntry(entry, key, existing.id(), compile(entry.action())));
            }
            case DELETE -> {
                if (state.entries.remove(key) == null) {
                    throw notFound(entry);
                }
            }
        }
    }

    /**
     * Stages a flow-state insert or delete: checked now against the table as this batch leaves it
     * (earlier updates of the batch count), applied in order at commit.
     */
    private void applyFlowState(Batch batch, UpdateType type, FlowSpec flow) throws UpdateRejected {
        if (flowState == null) {
            throw invalid("no flow state: no FlexTCP fast path is attached to this NIC");
        }
        boolean present = batch.flowPresent(flow);
        switch (type) {
            case INSERT -> {
                if (present) {
                    throw new UpdateRejected(StatusCode.ALREADY_EXISTS, "flow state for this 4-tuple is installed: " + flow);
                }
                Optional<String> problem = flowState.problem(flow);
                if (problem.isPresent()) {
                    throw invalid(problem.get());
                }
                if (flowState.size() + batch.flowDelta >= flowState.capacity()) {
                    throw new UpdateRejected(StatusCode.RESOURCE_EXHAUSTED, "flow state is full (" + flowState.capacity()
                            + " flowstate_slots)");
                }
                batch.flowDelta++;
            }
            case DELETE -> {
                if (!present) {
                    throw new UpdateRejected(StatusCode.NOT_FOUND, "no flow state for this 4-tuple: " + flow);
                }
                batch.flowDelta--;
            }
            default -> throw invalid("flow state is installed and deleted, not modified");
        }
        batch.flowUpdates.add(new Update(type, flow));
    }

    private void checkAction(ActionSpec action, String where) throws UpdateRejected {
        Optional<String> problem = program.checkAction(action);
        if (problem.isPresent()) {
            throw invalid(where + ": " + problem.get());
        }
    }

    private static UpdateRejected notFound(TableEntry entry) {
        return new UpdateRejected(StatusCode.NOT_FOUND, "table " + entry.table() + ": no entry with this match is installed: "
                + entry);
    }

    private static UpdateRejected invalid(String message) {
        return new UpdateRejected(StatusCode.INVALID_ARGUMENT, message);
    }

    private void commit(Batch batch) {
        for (Update u : batch.flowUpdates) {
            FlowSpec flow = (FlowSpec) u.entity();
            if (u.type() == UpdateType.INSERT) {
                flowState.installFlow(flow);
            } else {
                flowState.removeFlow(flow);
            }
        }
        if (batch.tables.isEmpty() && batch.rss.isEmpty()) {
            return; // flow state only: the pipeline's tables are unchanged, no snapshot to rebuild
        }
        for (Map.Entry<String, TableState> e : batch.tables.entrySet()) {
            tables.put(e.getKey(), e.getValue());
            compiledTables.put(e.getKey(), e.getValue().compile());
        }
        for (Map.Entry<String, List<Integer>> e : batch.rss.entrySet()) {
            RssContextSpec spec = program.rssContext(e.getKey()).orElseThrow();
            indirections.put(e.getKey(), e.getValue());
            compiledRss.put(e.getKey(), new CompiledRss(spec.key(), spec.hashType(), e.getValue()));
        }
        version++;
        PipelineSnapshot next = buildSnapshot();
        snapshot = next;
        for (Consumer<PipelineSnapshot> subscriber : subscribers) {
            subscriber.accept(next);
        }
    }

    private PipelineSnapshot buildSnapshot() {
        return new PipelineSnapshot(new ArrayList<>(compiledTables.values()), new ArrayList<>(compiledRss.values()),
                program.defaultQueue(), version);
    }

    /** Copy-on-write working state of one batch: tables and indirection tables it changed. */
    private final class Batch {
        final Map<String, TableState> tables = new LinkedHashMap<>();
        final Map<String, List<Integer>> rss = new LinkedHashMap<>();
        /** Flow-state inserts and deletes in batch order. */
        final List<Update> flowUpdates = new ArrayList<>();
        /** Slots this batch takes (inserts minus deletes). */
        int flowDelta;

        /** Whether the 4-tuple is installed once this batch's earlier flow updates apply. */
        boolean flowPresent(FlowSpec flow) {
            for (int i = flowUpdates.size() - 1; i >= 0; i--) {
                Update u = flowUpdates.get(i);
                if (((FlowSpec) u.entity()).sameFlow(flow)) {
                    return u.type() == UpdateType.INSERT;
                }
            }
            return flowState.installed(flow);
        }

        TableState table(String name) throws UpdateRejected {
            TableState copy = tables.get(name);
            if (copy == null) {
                TableState committed = FlexNicRuntime.this.tables.get(name);
                if (committed == null) {
                    throw invalid("no table '" + name + "' in the program");
                }
                copy = committed.copy();
                tables.put(name, copy);
            }
            return copy;
        }

        List<Integer> indirection(String context) throws UpdateRejected {
            List<Integer> changed = rss.get(context);
            if (changed != null) {
                return changed;
            }
            List<Integer> committed = indirections.get(context);
            if (committed == null) {
                throw invalid("no rss context '" + context + "' in the program");
            }
            return committed;
        }
    }
}
