package io.nicplan.service.work;

import io.nicplan.service.problem.ApiProblem;
import java.io.Writer;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * A rendered answer held in memory up to {@code nicplan.limits.max-response-size} UTF-8 bytes: a
 * renderer writes into it, and the first write past the limit ends the rendering with a 422 problem
 * naming the limit, so a huge graph is never built whole. Every write also checks whether the
 * request's work was stopped ({@link RequestWork}), so a long rendering ends soon after its client
 * left.
 */
public final class BoundedText extends Writer {
    private final StringBuilder text = new StringBuilder();
    private final long limitBytes;
    private final String what;
    private long bytes;

    private BoundedText(long limitBytes, String what) {
        this.limitBytes = limitBytes;
        this.what = what;
    }

    /**
     * Runs {@code renderer} into a bounded buffer and answers the text.
     *
     * @param what the rendering in words, for the 422's detail ("the DOT of graph X82599")
     */
    public static String render(long limitBytes, String what, Consumer<Writer> renderer) {
        BoundedText out = new BoundedText(limitBytes, what);
        renderer.accept(out);
        return out.text.toString();
    }

    /** Checks an already rendered text (a renderer that cannot write to a {@link Writer}) against the limit. */
    public static String check(long limitBytes, String what, String rendered) {
        BoundedText out = new BoundedText(limitBytes, what);
        out.write(rendered);
        return out.text.toString();
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        if (Thread.interrupted()) {
            throw new CancellationException("rendering stopped: " + what);
        }
        long added = 0;
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            // UTF-8 length; a surrogate pair is two chars of 2 bytes each, 4 in all, as UTF-8 encodes it
            added += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        if (bytes + added > limitBytes) {
            throw ApiProblem.responseTooLarge(what + " is larger than the limit of " + limitBytes
                    + " bytes (nicplan.limits.max-response-size); rendering stopped there", limitBytes);
        }
        bytes += added;
        text.append(chars, offset, length);
    }

    @Override
    public void write(String s) {
        write(s.toCharArray(), 0, s.length());
    }

    @Override
    public void write(String s, int offset, int length) {
        write(s.toCharArray(), offset, length);
    }

    @Override
    public void flush() {
        // held in memory until the renderer is done
    }

    @Override
    public void close() {
        // the text stays readable after a renderer closes its writer
    }
}
