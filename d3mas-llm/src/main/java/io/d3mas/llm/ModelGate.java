package io.d3mas.llm;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * What every {@link LlmClient} of one model shares, so that one client's news about the model holds for all:
 *
 * <ul>
 *   <li>the pause a 429 asks for: no client sends to the model until its Retry-After (or backoff) has passed;
 *   <li>refused credentials (401/403): every call fails at once, without a request, for {@link #CREDENTIALS_HOLD};
 *   <li>a circuit breaker (resilience4j) that opens when most recent calls failed with 5xx or transport errors
 *       (a refused connection), and lets a few probes through after {@link #OPEN_FOR}. Timeouts do not count:
 *       a slow server under load should give slower answers, not none;
 *   <li>a retry budget: retries may be at most {@link RetryBudget#RATIO} of first attempts over a sliding
 *       window, so overload degrades to slower answers instead of a retry storm.
 * </ul>
 *
 * Clients of the same {@code ChatModel} instance share a gate; clients given the same model key share one
 * across instances ({@link LlmClient.Builder#modelKey}, which {@link LlmConfig} sets to the base URL, model and
 * key). Thread-safe.
 */
final class ModelGate {

    /** How long refused credentials keep every call of the model from being sent. */
    static final Duration CREDENTIALS_HOLD = Duration.ofSeconds(60);
    /** How long the circuit stays open before probes go through. */
    static final Duration OPEN_FOR = Duration.ofSeconds(5);

    static final int WINDOW_CALLS = 20;
    static final int MINIMUM_CALLS = 10;
    static final float FAILURE_RATE_PERCENT = 80;

    private static final Map<Object, ModelGate> BY_INSTANCE = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<String, ModelGate> BY_KEY = new ConcurrentHashMap<>();

    final CircuitBreaker breaker;
    final RetryBudget retries = new RetryBudget();
    /** Read: checking the pause and sending. Write: setting a pause. A request that checks after a 429 waits. */
    private final ReentrantReadWriteLock sendLock = new ReentrantReadWriteLock();

    private volatile long pausedUntil;
    private volatile boolean paused;
    private volatile @Nullable String credentialsRefused;
    private volatile long credentialsRefusedAt;

    private ModelGate(String name) {
        this.breaker = CircuitBreaker.of(
                "d3mas-" + name,
                CircuitBreakerConfig.custom()
                        .slidingWindow(WINDOW_CALLS, MINIMUM_CALLS, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .failureRateThreshold(FAILURE_RATE_PERCENT)
                        .waitDurationInOpenState(OPEN_FOR)
                        .permittedNumberOfCallsInHalfOpenState(2)
                        .recordException(t -> true)
                        .build());
    }

    /** The gate of a model instance, or of a key when one is given. */
    static ModelGate of(Object model, @Nullable String key, String name) {
        if (key != null) {
            return BY_KEY.computeIfAbsent(key, k -> new ModelGate(name));
        }
        synchronized (BY_INSTANCE) {
            return BY_INSTANCE.computeIfAbsent(model, m -> new ModelGate(name));
        }
    }

    /** Every client pauses for {@code wait}; a longer pause already set is kept. */
    void pause(Duration wait) {
        sendLock.writeLock().lock();
        try {
            long until = System.nanoTime() + wait.toNanos();
            if (!paused || until - pausedUntil > 0) {
                pausedUntil = until;
                paused = true;
            }
        } finally {
            sendLock.writeLock().unlock();
        }
    }

    /**
     * Waits until no pause holds, within {@code maxWaitNanos}.
     *
     * @return the nanoseconds waited, or -1 when the pause outlasts {@code maxWaitNanos}
     */
    long awaitOpen(long maxWaitNanos) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            long wait = paused ? pausedUntil - System.nanoTime() : 0;
            if (wait <= 0) {
                return System.nanoTime() - start;
            }
            if (System.nanoTime() - start + wait > maxWaitNanos) {
                return -1;
            }
            Thread.sleep(Math.max(1, wait / 1_000_000));
        }
    }

    /**
     * Runs {@code send} once no pause holds, waiting for it within {@code maxWaitNanos}. The check and the send
     * happen under the lock that {@link #pause} takes, so a send after a 429 was recorded always waits.
     *
     * @return the nanoseconds waited before sending, or -1 when the pause outlasts {@code maxWaitNanos} (nothing
     *     was sent)
     */
    long sendWhenOpen(long maxWaitNanos, Runnable send) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            sendLock.readLock().lock();
            try {
                if (!paused || pausedUntil - System.nanoTime() <= 0) {
                    long waited = System.nanoTime() - start;
                    send.run();
                    return waited;
                }
            } finally {
                sendLock.readLock().unlock();
            }
            if (awaitOpen(maxWaitNanos - (System.nanoTime() - start)) < 0) {
                return -1;
            }
        }
    }

    /** The model refused the credentials: calls fail without a request for {@link #CREDENTIALS_HOLD}. */
    void credentialsRefused(String why) {
        credentialsRefusedAt = System.nanoTime();
        credentialsRefused = why;
    }

    /** Why calls are refused because of the credentials, or null when they may be sent. */
    @Nullable
    String credentialsProblem() {
        String why = credentialsRefused;
        if (why != null && System.nanoTime() - credentialsRefusedAt > CREDENTIALS_HOLD.toNanos()) {
            credentialsRefused = null; // one call may try again: the key may have been fixed
            return null;
        }
        return why;
    }
}
