package io.d3mas.event;

import io.d3mas.metrics.TokenCount;
import java.time.Duration;
import java.util.Objects;

/**
 * One step in the life of a call to a model, as an LLM client reports it: to the client's own listener, and
 * to the solve's listeners as {@link SolveEvent.ModelCalled} when the call belongs to a solve. Metrics and
 * tracing exporters count these.
 *
 * @param model the client's name for the model
 * @param kind what happened
 * @param attempt 1 for the first attempt of a call, 2 for its first retry, …
 * @param duration how long it waited ({@link Kind#QUEUED}, {@link Kind#PAUSED}, {@link Kind#RETRY_SCHEDULED}), was
 *     asked to wait ({@link Kind#RATE_LIMITED}) or took ({@link Kind#SUCCEEDED}, {@link Kind#FAILED},
 *     {@link Kind#ABANDONED}); zero otherwise
 * @param tokens what the attempt used as the server reported it; for {@link Kind#ABANDONED}, the prompt's
 *     estimated tokens, which the server may bill although no answer came
 * @param detail the error or reason, without secrets; "" when there is none
 *
 * @apiNote Experimental: it may change in a 0.x minor version (see CHANGELOG.md).
 * @since 0.1.0
 */
public record ModelCall(String model, Kind kind, int attempt, Duration duration, TokenCount tokens, String detail) {

    /** What happened. */
    public enum Kind {
        /** The attempt waited for a free call slot (the client's concurrency limit). */
        QUEUED,
        /** The attempt waited because the model asked every client to hold off (a 429 with Retry-After). */
        PAUSED,
        /** The request was sent. */
        SENT,
        /** An answer came back. */
        SUCCEEDED,
        /** The attempt failed; {@code detail} says how. */
        FAILED,
        /** The server answered 429: every client of the model pauses for {@code duration}. */
        RATE_LIMITED,
        /** The attempt timed out after it was sent and was abandoned; the server may still have billed it. */
        ABANDONED,
        /** A retry will start after {@code duration}. */
        RETRY_SCHEDULED,
        /** No retry although the error was retriable: the retry budget of the model is spent. */
        RETRY_REFUSED,
        /** The call was refused without a request: the model's circuit breaker is open or its credentials failed. */
        CIRCUIT_OPEN
    }

    public ModelCall {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(detail, "detail");
    }
}
