package io.d3mas.llm;

/**
 * Retries of one model may be at most {@value #RATIO} of its first attempts over the last {@value #SECONDS}
 * seconds, plus {@value #FLOOR} (so that a model with few calls can still retry). When a server is overloaded
 * every call fails and wants a retry; this keeps the extra load to a fifth instead of multiplying it (the
 * retry budget of gRPC and Finagle). Thread-safe.
 */
final class RetryBudget {

    static final double RATIO = 0.2;
    static final int SECONDS = 10;
    static final int FLOOR = 10;

    private final long[] second = new long[SECONDS];
    private final int[] firsts = new int[SECONDS];
    private final int[] retries = new int[SECONDS];

    /** Counts a first attempt. */
    synchronized void recordFirst() {
        firsts[slot(now())]++;
    }

    /** Takes one retry from the budget; false when the budget is spent. */
    synchronized boolean tryRetry() {
        long now = now();
        int f = 0;
        int r = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (now - second[i] < SECONDS) {
                f += firsts[i];
                r += retries[i];
            }
        }
        if (r >= RATIO * f + FLOOR) {
            return false;
        }
        retries[slot(now)]++;
        return true;
    }

    private int slot(long now) {
        int i = (int) Math.floorMod(now, (long) SECONDS);
        if (second[i] != now) {
            second[i] = now;
            firsts[i] = 0;
            retries[i] = 0;
        }
        return i;
    }

    private static long now() {
        return System.nanoTime() / 1_000_000_000L;
    }
}
