package io.d3mas;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The future of {@link D3Mas#solveAsync}: {@link #cancel} interrupts the thread running the solve, which cancels
 * its running agent calls (and their in-flight HTTP requests) and ends it; the future then reports a
 * {@link java.util.concurrent.CancellationException}. An interrupt can never reach the runner thread after the
 * solve left it, so a pooled thread is not disturbed in its next task.
 */
final class SolveFuture extends CompletableFuture<SolveResult> {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final @Nullable Method OF_VIRTUAL = ofVirtual();

    private @Nullable Thread runner; // guarded by this

    /** Starts {@code solve} on {@code executor}, or on a new thread (virtual on Java 21+) when it is null. */
    static SolveFuture start(Supplier<SolveResult> solve, @Nullable Executor executor) {
        SolveFuture f = new SolveFuture();
        Runnable task = () -> f.run(solve);
        if (executor != null) {
            executor.execute(task);
        } else {
            newThread(task).start();
        }
        return f;
    }

    private void run(Supplier<SolveResult> solve) {
        synchronized (this) {
            if (isDone()) {
                return; // cancelled before it started
            }
            runner = Thread.currentThread();
        }
        try {
            complete(solve.get());
        } catch (Throwable e) {
            completeExceptionally(e);
        } finally {
            synchronized (this) {
                runner = null;
                Thread.interrupted(); // a cancel's interrupt stays with this solve
            }
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            synchronized (this) {
                if (runner != null) {
                    runner.interrupt();
                }
            }
        }
        return cancelled;
    }

    private static Thread newThread(Runnable task) {
        String name = "d3mas-solve-" + THREADS.incrementAndGet();
        if (OF_VIRTUAL != null) {
            try {
                Object builder = OF_VIRTUAL.invoke(null);
                builder = builder.getClass().getMethod("name", String.class).invoke(builder, name);
                return (Thread) builder.getClass()
                        .getMethod("unstarted", Runnable.class)
                        .invoke(builder, task);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall back to a platform thread
            }
        }
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** {@code Thread.ofVirtual()} on Java 21+, null on 17. */
    private static @Nullable Method ofVirtual() {
        try {
            return Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
