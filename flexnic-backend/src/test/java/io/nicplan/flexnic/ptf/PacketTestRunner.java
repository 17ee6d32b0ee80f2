package io.nicplan.flexnic.ptf;

import io.nicplan.flexnic.clock.SimulatedClock;
import io.nicplan.flexnic.emulator.EmulatorConfig;
import io.nicplan.flexnic.emulator.FlexNicEmulator;
import io.nicplan.flexnic.emulator.NicCounters;
import io.nicplan.flexnic.host.ReceivedFrame;
import io.nicplan.flexnic.pipeline.DropReason;
import io.nicplan.flexnic.pipeline.FastPathEngine;
import io.nicplan.flexnic.pipeline.PacketOutcome;
import io.nicplan.flexnic.pipeline.ParserConfig;
import io.nicplan.flexnic.program.ActionSpec;
import io.nicplan.flexnic.program.CounterValue;
import io.nicplan.flexnic.program.EntrySyntax;
import io.nicplan.flexnic.program.Fate;
import io.nicplan.flexnic.program.FieldMatch;
import io.nicplan.flexnic.program.FlexNicProgram;
import io.nicplan.flexnic.program.KeyField;
import io.nicplan.flexnic.program.MatchKind;
import io.nicplan.flexnic.program.RssContextSpec;
import io.nicplan.flexnic.program.TableEntry;
import io.nicplan.flexnic.program.TableSpec;
import io.nicplan.flexnic.runtime.Atomicity;
import io.nicplan.flexnic.runtime.EntryReading;
import io.nicplan.flexnic.runtime.StatusCode;
import io.nicplan.flexnic.runtime.Update;
import io.nicplan.flexnic.runtime.UpdateStatus;
import io.nicplan.flexnic.runtime.WriteMode;
import io.nicplan.flexnic.runtime.WriteRequest;
import io.nicplan.flexnic.runtime.WriteResponse;
import io.nicplan.graph.predicate.HeaderField;
import io.nicplan.net.RssHashType;
import io.nicplan.net.Toeplitz;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs one case of a packet-test file on a fresh emulator: builds the program from the file's
 * program section, applies its setup updates, then executes the case's lines in order. The
 * first failed expectation or malformed line throws {@link AssertionError} naming
 * {@code file:line}.
 */
final class PacketTestRunner {

    /** A frame update and its expected status, as parsed from one line. */
    private record ParsedUpdate(Update update, StatusCode expected, String messagePart) {
    }

    /** What the last {@code send} did, copied out of the reused outcome. */
    private record Observed(Fate fate, int queue, int dmaRing, DropReason reason, long mark, int hash) {
        static Observed of(PacketOutcome o) {
            return new Observed(o.fate(), o.queue(), o.dmaRing(), o.dropReason(), o.mark(), o.rssHash());
        }

        String describe() {
            return switch (fate) {
                case DROP -> "drop " + reason.counterName();
                case DMA -> "dma ring #" + dmaRing;
                case FAST_PATH -> "fastpath";
                default -> "queue " + queue + " (fate " + fate + ")";
            };
        }
    }

    private final PacketTestFile file;
    private final PacketTestFile.Case testCase;
    private FlexNicEmulator nic;
    private SimulatedClock clock;
    private Observed last;
    private byte[] lastFrame;
    private int lineNumber;

    private PacketTestRunner(PacketTestFile file, PacketTestFile.Case testCase) {
        this.file = file;
        this.testCase = testCase;
    }

    static void run(PacketTestFile file, PacketTestFile.Case testCase) {
        new PacketTestRunner(file, testCase).run();
    }

    private void run() {
        List<PacketTestFile.Line> setup = buildDevice();
        for (PacketTestFile.Line line : setup) {
            at(line, () -> executeUpdateLine(line.text()));
        }
        List<PacketTestFile.Line> body = testCase.body();
        for (int i = 0; i < body.size(); i++) {
            PacketTestFile.Line line = body.get(i);
            if (line.text().startsWith("batch")) {
                int end = i + 1;
                while (end < body.size() && !body.get(end).text().equals("end")) {
                    end++;
                }
                if (end == body.size()) {
                    throw fail(line.number(), "batch without 'end'");
                }
                List<PacketTestFile.Line> updates = body.subList(i + 1, end);
                at(line, () -> executeBatch(line, updates));
                i = end;
            } else {
                at(line, () -> execute(line.text()));
            }
        }
    }

    private void at(PacketTestFile.Line line, Runnable action) {
        lineNumber = line.number();
        try {
            action.run();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw fail(line.number(), "cannot read '" + line.text() + "': " + e.getMessage());
        }
    }

    private AssertionError fail(int line, String message) {
        return new AssertionError(file.name() + ":" + line + ": " + message);
    }

    private AssertionError fail(String message) {
        return fail(lineNumber, message);
    }

    // ---- program section -------------------------------------------------------------------

    private List<PacketTestFile.Line> buildDevice() {
        FlexNicProgram.Builder program = FlexNicProgram.builder();
        int rxRing = EmulatorConfig.DEFAULT.rxRingSize();
        int maxFrame = ParserConfig.STANDARD_MAX_FRAME;
        boolean dropBadChecksums = true;
        String engine = null;
        List<PacketTestFile.Line> setup = new ArrayList<>();
        for (PacketTestFile.Line line : file.programLines()) {
            lineNumber = line.number();
            List<String> t = PacketTestFile.tokens(line.text());
            try {
                switch (t.get(0)) {
                    case "queues" -> program.rxQueues(Integer.parseInt(t.get(1)));
                    case "default-queue" -> program.defaultQueue(Integer.parseInt(t.get(1)));
                    case "rx-ring" -> rxRing = Integer.parseInt(t.get(1));
                    case "max-frame" -> maxFrame = Integer.parseInt(t.get(1));
                    case "checksums" -> dropBadChecksums = t.get(1).equals("drop");
                    case "table" -> program.table(table(t));
                    case "rss" -> program.rss(rss(t));
                    case "ring" -> program.dmaRing(t.get(1), Integer.parseInt(t.get(3)), Integer.parseInt(t.get(5)));
                    case "counter" -> program.counter(t.get(1));
                    case "rate-class" -> program.rateClass(t.get(1), FrameSpec.number(t.get(2)),
                            FrameSpec.number(t.get(4)));
                    case "fastpath" -> engine = String.join(" ", t.subList(1, t.size()));
                    case "insert", "modify", "delete", "default", "indirection" -> setup.add(line);
                    default -> throw fail(line.number(), "unknown directive '" + t.get(0) + "'");
                }
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw fail(line.number(), "cannot read '" + line.text() + "': " + e.getMessage());
            }
        }
        FlexNicProgram built;
        try {
            built = program.build();
        } catch (IllegalArgumentException e) {
            throw fail(file.programLines().isEmpty() ? 1 : file.programLines().get(0).number(), e.getMessage());
        }
        clock = new SimulatedClock(1_700_000_000_000_000_000L);
        nic = new FlexNicEmulator(built, new EmulatorConfig(new ParserConfig(maxFrame, dropBadChecksums), rxRing, 1, 64), clock);
        if (engine != null) {
            nic.attachFastPath(stubEngine(engine));
        }
        return setup;
    }

    private static FastPathEngine stubEngine(String spec) {
        if (spec.equals("consume")) {
            return (frame, offset, length, metadata, now) -> FastPathEngine.CONSUMED;
        }
        if (spec.equals("drop")) {
            return (frame, offset, length, metadata, now) -> FastPathEngine.DROPPED;
        }
        if (spec.startsWith("punt ")) {
            int queue = Integer.parseInt(spec.substring(5).trim());
            return (frame, offset, length, metadata, now) -> queue;
        }
        throw new IllegalArgumentException("fastpath engine must be consume, drop or punt N, got '" + spec + "'");
    }

    /** {@code table NAME stage S capacity C key f:kind... [default ACTION...]}. */
    private TableSpec table(List<String> t) {
        String name = t.get(1);
        int stage = Integer.parseInt(valueAfter(t, "stage"));
        int capacity = Integer.parseInt(valueAfter(t, "capacity"));
        int keyAt = t.indexOf("key");
        int defaultAt = t.indexOf("default");
        if (keyAt < 0) {
            throw new IllegalArgumentException("table needs 'key field:kind ...'");
        }
        List<KeyField> key = new ArrayList<>();
        for (String k : t.subList(keyAt + 1, defaultAt < 0 ? t.size() : defaultAt)) {
            String[] parts = k.split(":");
            HeaderField field = HeaderField.byName(parts[0])
                    .orElseThrow(() -> new IllegalArgumentException("unknown field '" + parts[0] + "'"));
            MatchKind kind = parts.length == 1 ? MatchKind.EXACT : MatchKind.valueOf(parts[1].toUpperCase(Locale.ROOT));
            key.add(new KeyField(field, kind));
        }
        ActionSpec defaultAction = defaultAt < 0 ? ActionSpec.NO_ACTION
                : EntrySyntax.parseAction(String.join(" ", t.subList(defaultAt + 1, t.size())));
        return new TableSpec(name, stage, key, capacity, defaultAction);
    }

    /** {@code rss NAME TYPE buckets N queues q...}. */
    private static RssContextSpec rss(List<String> t) {
        RssHashType type = RssHashType.valueOf(t.get(2).toUpperCase(Locale.ROOT));
        int buckets = Integer.parseInt(valueAfter(t, "buckets"));
        List<String> queues = t.subList(t.indexOf("queues") + 1, t.size());
        List<Integer> table = new ArrayList<>();
        for (int i = 0; i < buckets; i++) {
            table.add(Integer.parseInt(queues.get(i % queues.size())));
        }
        return new RssContextSpec(t.get(1), type, Toeplitz.standardKey(), table);
    }

    private static String valueAfter(List<String> t, String word) {
        int at = t.indexOf(word);
        if (at < 0 || at + 1 >= t.size()) {
            throw new IllegalArgumentException("missing '" + word + " VALUE'");
        }
        return t.get(at + 1);
    }

    // ---- updates ---------------------------------------------------------------------------

    private void executeUpdateLine(String text) {
        ParsedUpdate u = parseUpdate(text);
        WriteResponse response = nic.runtime().write(WriteRequest.atomic(List.of(u.update())));
        checkStatus(u, response.status(0));
    }

    private void executeBatch(PacketTestFile.Line header, List<PacketTestFile.Line> lines) {
        List<String> t = PacketTestFile.tokens(header.text());
        Atomicity atomicity = t.contains("continue") ? Atomicity.CONTINUE_ON_ERROR : Atomicity.ROLLBACK_ON_ERROR;
        WriteMode mode = t.contains("verify") ? WriteMode.VERIFY_ONLY : WriteMode.COMMIT;
        List<ParsedUpdate> updates = new ArrayList<>();
        for (PacketTestFile.Line line : lines) {
            lineNumber = line.number();
            updates.add(parseUpdate(line.text()));
        }
        WriteResponse response = nic.runtime().write(new WriteRequest(updates.stream().map(ParsedUpdate::update).toList(),
                atomicity, mode));
        for (int i = 0; i < updates.size(); i++) {
            lineNumber = lines.get(i).number();
            checkStatus(updates.get(i), response.status(i));
        }
    }

    private void checkStatus(ParsedUpdate u, UpdateStatus actual) {
        if (actual.code() != u.expected()) {
            throw fail("expected " + u.expected() + " but got " + actual);
        }
        if (u.messagePart() != null && !actual.message().contains(u.messagePart())) {
            throw fail("expected a message containing '" + u.messagePart() + "' but got " + actual);
        }
    }

    /** {@code insert|modify|delete TABLE MATCH... [priority N] [=> ACTION...] [expect STATUS ["text"]]}, etc. */
    private ParsedUpdate parseUpdate(String text) {
        List<String> t = PacketTestFile.tokens(text);
        StatusCode expected = StatusCode.OK;
        String messagePart = null;
        int expectAt = t.indexOf("expect");
        if (expectAt >= 0) {
            expected = StatusCode.valueOf(t.get(expectAt + 1));
            if (expectAt + 2 < t.size()) {
                messagePart = t.get(expectAt + 2);
            }
            t = t.subList(0, expectAt);
        }
        String verb = t.get(0);
        if (verb.equals("default")) {
            return new ParsedUpdate(Update.setDefault(t.get(1), EntrySyntax.parseAction(String.join(" ", t.subList(2, t.size())))),
                    expected, messagePart);
        }
        if (verb.equals("indirection")) {
            return new ParsedUpdate(Update.setIndirection(t.get(1), t.subList(2, t.size()).stream().map(Integer::parseInt).toList()),
                    expected, messagePart);
        }
        TableEntry entry = entry(t.subList(1, t.size()));
        Update update = switch (verb) {
            case "insert" -> Update.insert(entry);
            case "modify" -> Update.modify(entry);
            case "delete" -> Update.delete(entry);
            default -> throw new IllegalArgumentException("unknown update '" + verb + "' (insert, modify, delete, default, indirection)");
        };
        return new ParsedUpdate(update, expected, messagePart);
    }

    /** {@code TABLE MATCH... [priority N] [=> ACTION...]}. */
    private static TableEntry entry(List<String> t) {
        String table = t.get(0);
        int arrow = t.indexOf("=>");
        List<String> matchPart = t.subList(1, arrow < 0 ? t.size() : arrow);
        ActionSpec action = arrow < 0 ? ActionSpec.NO_ACTION : EntrySyntax.parseAction(String.join(" ", t.subList(arrow + 1, t.size())));
        List<FieldMatch> matches = new ArrayList<>();
        int priority = 0;
        for (int i = 0; i < matchPart.size(); i++) {
            if (matchPart.get(i).equals("priority")) {
                priority = Integer.parseInt(matchPart.get(++i));
            } else {
                matches.add(EntrySyntax.parseMatch(matchPart.get(i)));
            }
        }
        return new TableEntry(table, matches, priority, action);
    }

    // ---- case lines ------------------------------------------------------------------------

    private void execute(String text) {
        List<String> t = PacketTestFile.tokens(text);
        switch (t.get(0)) {
            case "insert", "modify", "delete", "default", "indirection" -> executeUpdateLine(text);
            case "send" -> {
                byte[] frame = FrameSpec.parse(text.substring(4).strip());
                last = Observed.of(nic.receive(frame));
                lastFrame = null;
            }
            case "advance" -> clock.advanceBy(duration(t.get(1)));
            case "take" -> {
                int queue = Integer.parseInt(t.get(1));
                lastFrame = nic.rxQueue(queue).poll().orElseThrow(() -> fail("queue " + queue + " is empty")).bytes();
            }
            case "expect" -> expect(t.subList(1, t.size()));
            default -> throw new IllegalArgumentException("unknown line '" + t.get(0) + "' (send, expect, advance, batch, updates)");
        }
    }

    private void expect(List<String> t) {
        String what = t.get(0);
        switch (what) {
            case "queue" -> {
                int queue = Integer.parseInt(t.get(1));
                requireSent();
                if (last.fate() == Fate.DROP || last.fate() == Fate.DMA || last.fate() == Fate.FAST_PATH && last.queue() < 0
                        || last.queue() != queue) {
                    throw fail("expected queue " + queue + " but the packet went to " + last.describe());
                }
                Optional<ReceivedFrame> frame = nic.rxQueue(queue).poll();
                if (frame.isEmpty()) {
                    throw fail("queue " + queue + " is empty");
                }
                lastFrame = frame.get().bytes();
            }
            case "drop" -> {
                requireSent();
                String reason = t.get(1);
                if (last.fate() != Fate.DROP || !last.reason().counterName().equals(reason)) {
                    throw fail("expected drop " + reason + " but the packet went to " + last.describe());
                }
            }
            case "dma" -> {
                requireSent();
                String ring = t.get(1);
                int index = nic.program().indexOfDmaRing(ring);
                if (last.fate() != Fate.DMA || last.dmaRing() != index) {
                    throw fail("expected dma " + ring + " but the packet went to " + last.describe());
                }
                lastFrame = nic.dmaRing(ring).poll().orElseThrow(() -> fail("dma ring " + ring + " is empty")).bytes();
                if (t.size() > 2) {
                    compareFrame(String.join("", t.subList(2, t.size())));
                }
            }
            case "fastpath" -> {
                requireSent();
                if (last.fate() != Fate.FAST_PATH) {
                    throw fail("expected fastpath but the packet went to " + last.describe());
                }
            }
            case "fate" -> {
                requireSent();
                Fate fate = Fate.valueOf(t.get(1).toUpperCase(Locale.ROOT));
                if (last.fate() != fate) {
                    throw fail("expected fate " + fate + " but the packet went to " + last.describe());
                }
            }
            case "frame" -> compareFrame(String.join("", t.subList(1, t.size())));
            case "mark" -> {
                requireSent();
                long mark = FrameSpec.number(t.get(1));
                if (last.mark() != mark) {
                    throw fail("expected mark 0x" + Long.toHexString(mark) + " but it is 0x" + Long.toHexString(last.mark()));
                }
            }
            case "hash" -> {
                requireSent();
                int hash = (int) FrameSpec.number(t.get(1));
                if (last.hash() != hash) {
                    throw fail("expected RSS hash 0x" + Integer.toHexString(hash) + " but it is 0x" + Integer.toHexString(last.hash()));
                }
            }
            case "counter" -> {
                int packetsAt = t.indexOf("packets");
                TableEntry match = entry(t.subList(1, packetsAt));
                EntryReading reading = nic.runtime().readEntry(match)
                        .orElseThrow(() -> fail("no entry " + match.matches() + " in table " + match.table()));
                checkCounter("entry " + match, reading.counter(), t.subList(packetsAt, t.size()));
            }
            case "default-counter" -> checkCounter("default of " + t.get(1), nic.runtime().readDefaultCounter(t.get(1)),
                    t.subList(2, t.size()));
            case "named-counter" -> checkCounter("counter " + t.get(1), nic.runtime().readCounter(t.get(1)),
                    t.subList(2, t.size()));
            case "drops" -> {
                DropReason reason = DropReason.byCounterName(t.get(1))
                        .orElseThrow(() -> new IllegalArgumentException("unknown drop reason '" + t.get(1) + "'"));
                checkNumber("drops " + t.get(1), nic.counters().drops(reason), t.get(2));
            }
            case "rx" -> checkNumber("rx frames", nic.counters().rxFrames(), t.get(1));
            case "delivered" -> checkNumber("delivered frames", nic.counters().delivered(), t.get(1));
            case "queued" -> checkNumber("frames waiting in queue " + t.get(1), nic.rxQueue(Integer.parseInt(t.get(1))).size(), t.get(2));
            case "entries" -> checkNumber("entries of " + t.get(1), nic.runtime().size(t.get(1)), t.get(2));
            case "default" -> {
                String actual = nic.runtime().readDefaultAction(t.get(1)).toString();
                String expected = EntrySyntax.parseAction(String.join(" ", t.subList(2, t.size()))).toString();
                if (!actual.equals(expected)) {
                    throw fail("expected default action of " + t.get(1) + " to be " + expected + " but it is " + actual);
                }
            }
            case "indirection" -> {
                List<Integer> expected = t.subList(2, t.size()).stream().map(Integer::parseInt).toList();
                List<Integer> actual = nic.runtime().readIndirection(t.get(1));
                if (!actual.equals(expected)) {
                    throw fail("expected indirection " + expected + " but it is " + actual);
                }
            }
            case "accounted" -> {
                NicCounters c = nic.counters();
                if (c.rxFrames() != c.delivered() + c.totalDrops()) {
                    throw fail("rx " + c.rxFrames() + " != delivered " + c.delivered() + " + drops " + c.totalDrops());
                }
            }
            default -> throw new IllegalArgumentException("unknown expectation '" + what + "'");
        }
    }

    private void requireSent() {
        if (last == null) {
            throw fail("expectation before any 'send'");
        }
    }

    private void compareFrame(String hex) {
        if (lastFrame == null) {
            throw fail("no frame taken yet: 'expect frame' follows 'expect queue N' or 'expect dma RING'");
        }
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("frame pattern has an odd number of digits");
        }
        String actual = HexFormat.of().formatHex(lastFrame);
        if (hex.length() != actual.length()) {
            throw fail("expected a frame of " + hex.length() / 2 + " bytes but got " + lastFrame.length + ": " + actual);
        }
        for (int i = 0; i < hex.length(); i += 2) {
            String want = hex.substring(i, i + 2).toLowerCase(Locale.ROOT);
            if (!want.equals("..") && !want.equals(actual.substring(i, i + 2))) {
                throw fail("frame differs at byte " + i / 2 + ": expected " + want + " got " + actual.substring(i, i + 2)
                        + " in " + actual);
            }
        }
    }

    private void checkCounter(String what, CounterValue value, List<String> t) {
        checkNumber(what + " packets", value.packets(), valueAfter(t, "packets"));
        if (t.contains("bytes")) {
            checkNumber(what + " bytes", value.bytes(), valueAfter(t, "bytes"));
        }
    }

    private void checkNumber(String what, long actual, String expected) {
        if (actual != Long.parseLong(expected)) {
            throw fail("expected " + what + " = " + expected + " but it is " + actual);
        }
    }

    private static long duration(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        String[][] units = {{"ns", "1"}, {"us", "1000"}, {"ms", "1000000"}, {"s", "1000000000"}};
        for (String[] unit : units) {
            if (s.endsWith(unit[0])) {
                return Long.parseLong(s.substring(0, s.length() - unit[0].length())) * Long.parseLong(unit[1]);
            }
        }
        throw new IllegalArgumentException("duration '" + text + "' needs a unit: ns, us, ms or s");
    }
}
