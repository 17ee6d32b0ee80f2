package io.nicplan.flexnic.backend;

import io.nicplan.flexnic.clock.Clock;
import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.RssContextSpec;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.UpdateStatus;
import io.nicplan.flexnic.runtime.UpdateType;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.flexnic.runtime.WriteResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Installs a compiled configuration: first a verify-only write (nothing changes), then, if every
 * update verified, the same updates as one ROLLBACK_ON_ERROR batch. A failure at either step
 * leaves the emulator's tables, defaults, counters and indirection tables as they were, and the
 * FlexTCP fast path is attached only after a commit. A plan with more fast-path connections than
 * the NIC's {@code flowstate_slots} is refused before anything is written.
 */
public final class Installer {
    private Installer() {
    }

    /**
     * What an install did: whether it committed, the updates it wrote (or verified), and each
     * update's status (from the step that stopped it, or the commit), in the same order.
     */
    public record InstallResult(boolean committed, boolean verified, List<Update> updates, List<UpdateStatus> statuses,
                                String failures) {
        public InstallResult {
            updates = List.copyOf(updates);
            statuses = List.copyOf(statuses);
        }
    }

    /** A fresh emulator running the compiled program with its parser settings. */
    public static FlexNicEmulator emulator(CompiledNic nic, Clock clock) {
        return new FlexNicEmulator(nic.program(), EmulatorConfig.DEFAULT.withParser(nic.parser()), clock);
    }

    /** Verifies, then commits {@code nic}'s updates into {@code emulator} as one atomic batch. */
    public static InstallResult install(FlexNicEmulator emulator, CompiledNic nic) {
        return write(emulator, nic, nic.updates(), false);
    }

    /** Only verifies what {@link #install} would write; the emulator does not change ({@code committed} is false). */
    public static InstallResult verify(FlexNicEmulator emulator, CompiledNic nic) {
        return write(emulator, nic, nic.updates(), true);
    }

    /**
     * Moves an emulator holding {@code current} to {@code next} with the fewest updates: entries
     * {@code next} lacks are deleted, new ones inserted, changed actions modified, the indirection
     * table replaced when it differs; verified first, then one atomic batch. Both must compile to
     * the same program layout (tables, RSS hash and key); otherwise nothing is written.
     *
     * <p>New entries are installed after the kept ones, so among overlapping entries of equal
     * priority a kept entry still wins, as an entry appended to the configuration list does.
     */
    public static InstallResult replace(FlexNicEmulator emulator, CompiledNic current, CompiledNic next) {
        return replace(emulator, current, next, false);
    }

    /** Only verifies what {@link #replace} would write; the emulator does not change ({@code committed} is false). */
    public static InstallResult verifyReplace(FlexNicEmulator emulator, CompiledNic current, CompiledNic next) {
        return replace(emulator, current, next, true);
    }

    private static InstallResult replace(FlexNicEmulator emulator, CompiledNic current, CompiledNic next,
                                         boolean verifyOnly) {
        if (!sameLayout(current, next)) {
            return new InstallResult(false, false, List.of(), List.of(), "the new configuration needs another program "
                    + "layout (tables, RSS hash or key): start a new emulator with it");
        }
        Map<List<Object>, TableEntry> before = byIdentity(current.updates());
        Map<List<Object>, TableEntry> after = byIdentity(next.updates());
        List<Update> updates = new ArrayList<>();
        before.forEach((k, e) -> {
            if (!after.containsKey(k)) {
                updates.add(Update.delete(e));
            }
        });
        after.forEach((k, e) -> {
            TableEntry old = before.get(k);
            if (old == null) {
                updates.add(Update.insert(e));
            } else if (!old.action().equals(e.action())) {
                updates.add(Update.modify(e));
            }
        });
        for (RssContextSpec ctx : next.program().rssContexts()) {
            List<Integer> now = emulator.runtime().readIndirection(ctx.name());
            if (!now.equals(ctx.indirection())) {
                updates.add(Update.setIndirection(ctx.name(), ctx.indirection()));
            }
        }
        return write(emulator, next, updates, verifyOnly);
    }

    /**
     * Attaches an idle FlexTCP fast path (no flow state yet; the slow path installs it per connection,
     * see {@link FlexTcpTraffic}) to a NIC with a FlexTCP C-node.
     */
    private static void attachFlexTcp(FlexNicEmulator emulator, CompiledNic nic) {
        if (nic.hasFlexTcp()) {
            emulator.attachFastPath(FlexTcpTraffic.idleEngine(emulator, nic.flexTcp()));
        }
    }

    /** Whether {@code next} runs on the program {@code current} was compiled to (tables, queues, RSS hash and key, parser). */
    public static boolean sameLayout(CompiledNic a, CompiledNic b) {
        if (!a.program().tables().equals(b.program().tables()) || a.program().rxQueues() != b.program().rxQueues()
                || a.program().rssContexts().size() != b.program().rssContexts().size() || !a.parser().equals(b.parser())) {
            return false;
        }
        for (int i = 0; i < a.program().rssContexts().size(); i++) {
            RssContextSpec x = a.program().rssContexts().get(i);
            RssContextSpec y = b.program().rssContexts().get(i);
            if (!x.name().equals(y.name()) || x.hashType() != y.hashType() || !java.util.Arrays.equals(x.key(), y.key())
                    || x.indirection().size() != y.indirection().size()) {
                return false;
            }
        }
        return true;
    }

    /** Inserted entries by their identity in their table (P4Runtime: match and priority, not the action). */
    private static Map<List<Object>, TableEntry> byIdentity(List<Update> updates) {
        Map<List<Object>, TableEntry> out = new LinkedHashMap<>();
        for (Update u : updates) {
            if (u.type() == UpdateType.INSERT && u.entity() instanceof TableEntry e) {
                List<FieldMatch> sorted = new ArrayList<>(e.matches());
                sorted.sort(Comparator.comparing(m -> m.field().ordinal()));
                out.put(List.of(e.table(), sorted, e.priority()), e);
            }
        }
        return out;
    }

    private static InstallResult write(FlexNicEmulator emulator, CompiledNic nic, List<Update> updates,
                                       boolean verifyOnly) {
        Objects.requireNonNull(nic, "nic");
        int connections = nic.flexTcp().connections().size();
        if (connections > nic.flexTcp().flowSlots()) {
            // The FlexTCP slots are an exhaustible resource: the slow path would refuse the connections past the last slot.
            return new InstallResult(false, false, updates, List.of(), "flextcp: " + connections + " fast-path connections "
                    + "need flow state, but the NIC has " + nic.flexTcp().flowSlots() + " flowstate_slots");
        }
        if (updates.isEmpty()) {
            if (verifyOnly) {
                return new InstallResult(false, true, List.of(), List.of(), "");
            }
            attachFlexTcp(emulator, nic);
            return new InstallResult(true, true, List.of(), List.of(), "");
        }
        WriteRequest batch = WriteRequest.atomic(updates);
        WriteResponse verify = emulator.runtime().write(batch.verifyOnly());
        if (!verify.allOk() || verifyOnly) {
            return new InstallResult(false, verify.allOk(), updates, verify.statuses(), verify.failures());
        }
        WriteResponse commit = emulator.runtime().write(batch);
        if (!commit.committed()) {
            return new InstallResult(false, true, updates, commit.statuses(), commit.failures());
        }
        attachFlexTcp(emulator, nic);
        return new InstallResult(true, true, updates, commit.statuses(), "");
    }
}
