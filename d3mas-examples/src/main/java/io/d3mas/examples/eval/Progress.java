package io.d3mas.examples.eval;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on standard error: redrawn in place on a terminal, one line per 5 % otherwise (CI logs).
 * Shows done/total, the current method, elapsed time and an estimate of the time left. Thread-safe.
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private final long start = System.nanoTime();
    private int done;
    private int lastPercentPrinted = -1;

    Progress(PrintStream out, boolean terminal, int total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
    }

    /** One more unit done, while running {@code what}. */
    synchronized void step(String what) {
        done++;
        int percent = total == 0 ? 100 : (int) (100L * done / total);
        if (!terminal && percent / 5 == lastPercentPrinted / 5 && done != total) {
            return;
        }
        lastPercentPrinted = percent;
        out.print((terminal ? "\r" : "") + line(what) + (terminal && done < total ? "" : "\n"));
        out.flush();
    }

    /** A line of its own (a failure), starting on a fresh line when the bar is drawn in place. */
    synchronized void message(String text) {
        out.println((terminal ? "\n" : "") + text);
        out.flush();
    }

    String line(String what) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double left = done == 0 ? 0 : elapsed / done * (total - done);
        return String.format(
                Locale.ROOT,
                "[%s%s] %d/%d %3d%%  %-22s elapsed %s  left %s",
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                done,
                total,
                total == 0 ? 100 : 100L * done / total,
                what,
                time(elapsed),
                time(left));
    }

    private static String time(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
