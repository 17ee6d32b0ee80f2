package io.nicplan.service.plan;

import io.nicplan.service.persistence.PlanRecord;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The answers of {@code GET /api/plans/{id}} as rendered, with their entity tags, so that reading a plan
 * costs a map look-up and a write of its bytes instead of a rendering (a 100-flow plan is 42 KB).
 *
 * <p>An entry is used only while the stored job is exactly the one it was rendered from (the same
 * record: inputs, status, revision, plan, error, update time, version), so any change to the plan invalidates it
 * at once; a job that ended is compared with itself (the repository keeps it in memory, and checks its version
 * against the database first where other instances share it). The entries are
 * bounded by {@link #BUDGET_BYTES}, the least recently read dropped first.
 */
@Component
class RenderedPlans {
    /** Room for some 800 rendered 100-flow plans or 80 of 1,000 flows. */
    static final long BUDGET_BYTES = 32L << 20;

    /** A rendered plan: its JSON, its strong entity tag, and the record it was rendered from. */
    record Rendered(PlanRecord from, byte[] body, String etag) {
        long bytes() {
            // The record's texts are held too (shared with the repository's cache for jobs that ended).
            return body.length + 2L * (from.requestJson().length() + from.resultJson().map(String::length).orElse(0));
        }
    }

    /** An entry with the tick of its last read, for dropping the least recently read. */
    private static final class Entry {
        final Rendered rendered;
        volatile long lastRead;

        Entry(Rendered rendered, long lastRead) {
            this.rendered = rendered;
            this.lastRead = lastRead;
        }
    }

    /*
     * Reads take no lock: under load every request thread reads here, and one that is descheduled while holding
     * a lock stalls all the others (measured: 865 contended entries, 197 s blocked in one 30 s load run with a
     * synchronized access-ordered map). Only stores, which follow a change of a plan, serialize.
     */
    private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private long heldBytes;

    /** The rendering of {@code record}, from the cache while the record is unchanged, else rendered now. */
    Rendered of(PlanRecord record, Function<PlanRecord, byte[]> render) {
        Entry cached = byId.get(record.id());
        if (cached != null && cached.rendered.from().equals(record)) {
            cached.lastRead = reads.incrementAndGet();
            return cached.rendered;
        }
        byte[] body = render.apply(record);
        Rendered fresh = new Rendered(record, body, etag(body));
        store(fresh);
        return fresh;
    }

    private synchronized void store(Rendered fresh) {
        Entry old = byId.put(fresh.from().id(), new Entry(fresh, reads.incrementAndGet()));
        heldBytes += fresh.bytes() - (old == null ? 0 : old.rendered.bytes());
        while (heldBytes > BUDGET_BYTES && !byId.isEmpty()) {
            // Over budget only after a store: a scan for the least recently read is cheap beside a rendering.
            Map.Entry<String, Entry> eldest = null;
            for (Map.Entry<String, Entry> e : byId.entrySet()) {
                if (eldest == null || e.getValue().lastRead < eldest.getValue().lastRead) {
                    eldest = e;
                }
            }
            byId.remove(eldest.getKey());
            heldBytes -= eldest.getValue().rendered.bytes();
        }
    }

    /** Forgets a plan that was deleted. */
    synchronized void evict(String id) {
        Entry old = byId.remove(id);
        if (old != null) {
            heldBytes -= old.rendered.bytes();
        }
    }

    /** Bytes held now (rendered answers and the records behind them). */
    synchronized long heldBytes() {
        return heldBytes;
    }

    /** A strong entity tag: the first 96 bits of the body's SHA-256, so equal bytes give equal tags across restarts. */
    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
