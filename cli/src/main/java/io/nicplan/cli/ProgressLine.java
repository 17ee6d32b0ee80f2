package io.nicplan.cli;

import io.nicplan.app.plan.PlanSearch;
import io.nicplan.optimizer.plan.Plan;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The line {@code plan} keeps rewriting on standard error while it searches: the best cost so far, the time
 * spent and the moves the solver evaluates per second. It is drawn over itself with a carriage return, so it is
 * shown only where standard error is a terminal; the last state stays on its own line when the search ends.
 */
final class ProgressLine implements AutoCloseable {
    /** How often the line is redrawn: often enough to look alive, rarely enough to cost nothing. */
    static final long REDRAW_MILLIS = 250;

    private final PrintWriter err;
    private final PlanSearch search;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService redraw = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nicplan-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile Plan best;
    private int drawnWidth;

    ProgressLine(PrintWriter err, PlanSearch search) {
        this.err = err;
        this.search = search;
        redraw.scheduleAtFixedRate(this::draw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A better plan than any before it (the search's thread). */
    void better(Plan plan) {
        best = plan;
    }

    /** The line for the best plan so far after {@code elapsedNanos} with {@code moves} evaluated. */
    static String line(Plan best, long elapsedNanos, long moves) {
        double seconds = elapsedNanos / 1e9;
        String cost = best == null ? "none yet" : best.hard() > 0 ? best.total() + " (hard " + best.hard() + ")"
                : Long.toString(best.total());
        long perSecond = seconds <= 0 ? 0 : Math.round(moves / seconds);
        return String.format(Locale.ROOT, "searching: best cost %s, %.1f s, %,d moves/s", cost, seconds, perSecond);
    }

    private synchronized void draw() {
        String text = line(best, System.nanoTime() - startNanos, search.evaluatedMoves());
        // pad over a longer line drawn before, then return to the line's start
        err.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
        err.flush();
        drawnWidth = text.length();
    }

    /** Stops redrawing and leaves the last state on its line. */
    @Override
    public void close() {
        redraw.shutdownNow();
        try {
            redraw.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        err.println();
        err.flush();
    }
}
