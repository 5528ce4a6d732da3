package io.d3mas.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The one way the SDK makes a thread pool: a fixed number of daemon threads that end after 30 s idle (an idle
 * component holds no threads), with a queue. Internal, not API.
 */
public final class DaemonPools {

    private DaemonPools() {}

    /** {@code threads} daemon threads named {@code prefix} + a number. */
    public static ThreadPoolExecutor fixed(int threads, String prefix) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor p =
                new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, prefix + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /**
     * Daemon threads that start each task at once (no queue: a task never waits behind another), for callers that
     * bound how many tasks they submit themselves, as {@code LlmClient} does with its call slots. Idle threads end
     * after 2 s.
     */
    public static ThreadPoolExecutor direct(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A {@link #fixed} pool made on first use; thread-safe. */
    public static final class Lazy {
        private final int threads;
        private final String prefix;
        private volatile @Nullable ExecutorService pool;

        public Lazy(int threads, String prefix) {
            this.threads = threads;
            this.prefix = prefix;
        }

        public ExecutorService get() {
            ExecutorService p = pool;
            if (p == null) {
                synchronized (this) {
                    p = pool;
                    if (p == null) {
                        p = fixed(threads, prefix);
                        pool = p;
                    }
                }
            }
            return p;
        }
    }
}
