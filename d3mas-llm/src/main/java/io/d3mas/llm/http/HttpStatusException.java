package io.d3mas.llm.http;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A non-2xx response, with the server's {@code Retry-After} when it sent one. langchain4j maps it to its own
 * exception types by status (429 to {@code RateLimitException}, 5xx to {@code InternalServerException}, …)
 * and keeps this one as the cause, so the retry policy can find the delay.
 *
 * @since 0.1.0
 */
public final class HttpStatusException extends HttpException {
    private static final long serialVersionUID = 1L;

    private final @Nullable Duration retryAfter;

    public HttpStatusException(int statusCode, String message, @Nullable Duration retryAfter) {
        super(statusCode, message);
        this.retryAfter = retryAfter;
    }

    /** The delay the server asked for, if any. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
