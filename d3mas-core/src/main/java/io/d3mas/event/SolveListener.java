package io.d3mas.event;

/**
 * Receives an event for every step of a solve. Called from the solving threads, possibly concurrently:
 * implementations must be thread-safe and quick. An exception thrown here is logged and ignored; it never
 * fails a solve.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SolveListener {
    void onEvent(SolveEvent event);
}
