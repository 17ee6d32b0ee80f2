package io.nicplan.service.plan;

import io.nicplan.service.persistence.PlanRecord;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The answers of {@code GET /api/plans/{id}} as rendered, with their entity tags, so that reading a plan
 * costs a map look-up and a write of its bytes instead of a rendering (a 100-flow plan is 42 KB).
 *
 * <p>An entry is used only while the stored job is exactly the one it was rendered from (the same
 * record: inputs, status, revision, plan, error, update time), so any change to the plan invalidates it
 * at once; a job that ended is compared with itself (the repository keeps it in memory). The entries are
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

    private final Map<String, Rendered> byId = new LinkedHashMap<>(64, 0.75f, true);
    private long heldBytes;

    /** The rendering of {@code record}, from the cache while the record is unchanged, else rendered now. */
    Rendered of(PlanRecord record, Function<PlanRecord, byte[]> render) {
        synchronized (this) {
            Rendered cached = byId.get(record.id());
            if (cached != null && cached.from().equals(record)) {
                return cached;
            }
        }
        byte[] body = render.apply(record);
        Rendered fresh = new Rendered(record, body, etag(body));
        synchronized (this) {
            Rendered old = byId.put(record.id(), fresh);
            heldBytes += fresh.bytes() - (old == null ? 0 : old.bytes());
            var eldest = byId.entrySet().iterator();
            while (heldBytes > BUDGET_BYTES && eldest.hasNext()) {
                Rendered dropped = eldest.next().getValue();
                eldest.remove();
                heldBytes -= dropped.bytes();
            }
        }
        return fresh;
    }

    /** Forgets a plan that was deleted. */
    synchronized void evict(String id) {
        Rendered old = byId.remove(id);
        if (old != null) {
            heldBytes -= old.bytes();
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
