package io.d3mas.internal.engine;

import io.d3mas.D3MasException;
import io.d3mas.SolveInterruptedException;
import io.d3mas.SolveWarning.Code;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Step 4: runs a DAG of work items with every ready item in parallel, at most {@code maxConcurrency} at
 * once; an item waits only for its own prerequisites. When more items are ready than slots are free, the item at
 * the head of the longest chain of dependents goes first (list scheduling by critical path; equals in the given
 * order). The calling thread schedules; the items run on the executor. A failed item still counts as finished, so
 * its dependents run (without its conclusion).
 */
final class DagRunner {

    private final SolveContext ctx;
    private final ExecutorService executor;

    DagRunner(SolveContext ctx, ExecutorService executor) {
        this.ctx = ctx;
        this.executor = executor;
    }

    /**
     * Runs {@code items}; prerequisites outside {@code items} count as done.
     *
     * @return false if the solve deadline stopped it
     * @throws SolveInterruptedException if the calling thread is interrupted (running items are cancelled)
     * @throws io.d3mas.SolveCancelledException if the team is closed meanwhile (running items are cancelled)
     */
    boolean run(Collection<WorkItem> items, Consumer<WorkItem> work) {
        Map<String, WorkItem> byId = new LinkedHashMap<>();
        items.forEach(w -> byId.put(w.id, w));
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        Map<String, Integer> position = new HashMap<>();
        byId.keySet().forEach(id -> position.put(id, position.size()));
        for (WorkItem w : byId.values()) {
            for (String p : w.prerequisites) {
                if (byId.containsKey(p)) {
                    dependents.computeIfAbsent(p, k -> new ArrayList<>()).add(w.id);
                }
            }
        }
        Map<String, Integer> chain = chainLengths(byId.keySet(), dependents);
        Queue<WorkItem> ready = new PriorityQueue<>(
                Comparator.comparingInt((WorkItem w) -> -chain.get(w.id)).thenComparingInt(w -> position.get(w.id)));
        for (WorkItem w : byId.values()) {
            int count = 0;
            for (String p : w.prerequisites) {
                if (byId.containsKey(p)) {
                    count++;
                }
            }
            waiting.put(w.id, count);
            if (count == 0) {
                ready.add(w);
            }
        }
        BlockingQueue<String> finished = new LinkedBlockingQueue<>();
        Map<String, Future<?>> running = new HashMap<>();
        int done = 0;
        while (done < byId.size()) {
            while (running.size() < ctx.settings.maxConcurrency() && !ready.isEmpty()) {
                WorkItem w = ready.poll();
                try {
                    running.put(w.id, executor.submit(ctx.telemetry.wrap(() -> {
                        try {
                            work.accept(w);
                        } catch (RuntimeException | Error e) {
                            ctx.warn(Code.TASK_FAILED, "engine", "task " + w.task.id + " failed: " + e, e);
                        } finally {
                            finished.add(w.id);
                        }
                    })));
                } catch (RejectedExecutionException e) {
                    cancel(running);
                    throw ctx.cancelled(e);
                }
            }
            if (running.isEmpty()) {
                // unreachable while the graph is acyclic; guards against a bug turning into a hang
                ctx.warn(
                        Code.TASKS_NOT_SCHEDULED,
                        "engine",
                        (byId.size() - done) + " task(s) could not be scheduled: their prerequisites never finished");
                return true;
            }
            String id = null;
            try {
                // in slices, to notice a team closed meanwhile: its queued tasks would never finish
                for (long wait = ctx.remainingNanos(); id == null && wait > 0; wait = ctx.remainingNanos()) {
                    id = finished.poll(Math.min(wait, SolveContext.CLOSE_CHECK_NANOS), TimeUnit.NANOSECONDS);
                    if (id == null && executor.isShutdown()) {
                        cancel(running);
                        throw ctx.cancelled(null);
                    }
                }
            } catch (InterruptedException e) {
                cancel(running);
                Thread.currentThread().interrupt();
                throw new SolveInterruptedException(
                        "solve " + ctx.solveId + " was interrupted; " + running.size()
                                + " running task(s) were cancelled",
                        e);
            }
            if (id == null) {
                cancel(running);
                ctx.warn(
                        Code.SOLVE_TIMEOUT,
                        "engine",
                        "solve timeout of " + ctx.settings.solveTimeout() + " reached: " + running.size()
                                + " running task(s) cancelled, " + (byId.size() - done - running.size())
                                + " not started; the answer uses what was concluded");
                return false;
            }
            running.remove(id);
            done++;
            try {
                ctx.throwIfStopped();
            } catch (D3MasException e) {
                cancel(running);
                throw e;
            }
            for (String d : dependents.getOrDefault(id, List.of())) {
                if (waiting.merge(d, -1, Integer::sum) == 0) {
                    ready.add(byId.get(d));
                }
            }
        }
        ctx.throwIfStopped();
        return true;
    }

    /**
     * For every item, the number of items on the longest chain of dependents that starts with it (1 for an item
     * nothing waits for). The prerequisites form a DAG (the plan breaks cycles); a cycle would count once.
     */
    static Map<String, Integer> chainLengths(Collection<String> ids, Map<String, List<String>> dependents) {
        Map<String, Integer> out = new HashMap<>();
        for (String root : ids) {
            if (out.containsKey(root)) {
                continue;
            }
            // iterative post-order, so that a long chain cannot overflow the stack
            Deque<String> path = new ArrayDeque<>(List.of(root));
            Set<String> open = new HashSet<>(List.of(root));
            while (!path.isEmpty()) {
                String id = path.peek();
                String next = null;
                for (String d : dependents.getOrDefault(id, List.of())) {
                    if (!out.containsKey(d) && !open.contains(d)) {
                        next = d;
                        break;
                    }
                }
                if (next != null) {
                    path.push(next);
                    open.add(next);
                    continue;
                }
                int longest = 0;
                for (String d : dependents.getOrDefault(id, List.of())) {
                    longest = Math.max(longest, out.getOrDefault(d, 0));
                }
                out.put(id, longest + 1);
                open.remove(path.pop());
            }
        }
        return out;
    }

    private static void cancel(Map<String, Future<?>> running) {
        running.values().forEach(f -> f.cancel(true));
    }
}
