package io.d3mas.internal.engine;

import io.d3mas.internal.DaemonPools;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The team's threads, in two bounded pools so that no thread waits for a thread of its own pool (which a bounded
 * single pool could deadlock on):
 *
 * <ul>
 *   <li>{@link #tasks()} runs work items: retrieve, wait for the agent's call, record. A work item waits only for
 *       a call.
 *   <li>{@link #calls()} runs component calls: agents, the decomposer, the synthesizer, the embedding of
 *       conclusions. A call waits for nothing of the team's.
 * </ul>
 *
 * Each pool runs at most {@code maxConcurrentCalls} at once across every solve of the team; more wait in its
 * queue (a solve's deadline bounds the wait). Platform daemon threads that end after 30 s idle, or virtual
 * threads held to the same bound by a semaphore.
 */
public final class TeamThreads {

    private static final AtomicInteger TEAMS = new AtomicInteger();

    private final ExecutorService tasks;
    private final ExecutorService calls;
    private final int bound;

    private TeamThreads(ExecutorService tasks, ExecutorService calls, int bound) {
        this.tasks = tasks;
        this.calls = calls;
        this.bound = bound;
    }

    /** Platform daemon threads, at most {@code maxConcurrentCalls} per pool. */
    public static TeamThreads platform(int maxConcurrentCalls) {
        int team = TEAMS.incrementAndGet();
        return new TeamThreads(
                DaemonPools.fixed(maxConcurrentCalls, "d3mas-" + team + "-task-"),
                DaemonPools.fixed(maxConcurrentCalls, "d3mas-" + team + "-call-"),
                maxConcurrentCalls);
    }

    /** Virtual threads from {@code perTask} (one per task), at most {@code maxConcurrentCalls} running per pool. */
    public static TeamThreads virtual(
            int maxConcurrentCalls, ExecutorService tasksPerTask, ExecutorService callsPerTask) {
        return new TeamThreads(
                new Bounded(tasksPerTask, maxConcurrentCalls),
                new Bounded(callsPerTask, maxConcurrentCalls),
                maxConcurrentCalls);
    }

    /** Work items. */
    public ExecutorService tasks() {
        return tasks;
    }

    /** Component calls. */
    public ExecutorService calls() {
        return calls;
    }

    /** The most that run at once in each pool. */
    public int bound() {
        return bound;
    }

    public boolean isShutdown() {
        return tasks.isShutdown() || calls.isShutdown();
    }

    /** Stops both pools: queued work is dropped, running work is interrupted. */
    public void shutdownNow() {
        tasks.shutdownNow();
        calls.shutdownNow();
    }

    /** At most {@code permits} of the delegate's tasks run at once; the others wait (cheaply, on virtual threads). */
    private static final class Bounded extends AbstractExecutorService {
        private final ExecutorService delegate;
        private final Semaphore permits;

        Bounded(ExecutorService delegate, int permits) {
            this.delegate = delegate;
            this.permits = new Semaphore(permits, true);
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(() -> {
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    command.run();
                } finally {
                    permits.release();
                }
            });
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }
}
