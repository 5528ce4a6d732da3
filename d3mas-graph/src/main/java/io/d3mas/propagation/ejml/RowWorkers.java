package io.d3mas.propagation.ejml;

import io.d3mas.internal.DaemonPools;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The row-parallel workers of one {@link EjmlMessagePassing}: made on first use and kept (propagation runs in
 * every feedback round), daemon threads that end after 30 s idle, so an unused instance holds none.
 */
final class RowWorkers {

    /** Work on the index range {@code [lo, hi)}. */
    interface Range {
        void run(int lo, int hi);
    }

    private final int threads;
    private final DaemonPools.Lazy pool;

    RowWorkers(int threads) {
        this.threads = threads;
        this.pool = new DaemonPools.Lazy(threads, "d3mas-message-passing-");
    }

    /**
     * Runs {@code work} over {@code [0, count)}: on the calling thread unless {@code parallel}, otherwise split
     * into a few ranges per thread (so that one slow range does not hold the others up), waiting for all.
     */
    void forRanges(boolean parallel, int count, Range work) {
        if (!parallel || threads == 1) {
            work.run(0, count);
            return;
        }
        ExecutorService workers = pool.get();
        int ranges = threads * 4;
        int chunk = Math.max(1, (count + ranges - 1) / ranges);
        List<Future<?>> parts = new ArrayList<>();
        for (int from = 0; from < count; from += chunk) {
            int lo = from;
            int hi = Math.min(count, from + chunk);
            parts.add(workers.submit(() -> work.run(lo, hi)));
        }
        for (Future<?> f : parts) {
            try {
                f.get();
            } catch (InterruptedException e) {
                parts.forEach(p -> p.cancel(true));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("message passing was interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("message passing failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
