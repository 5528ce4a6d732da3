package io.d3mas.llm;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import io.d3mas.llm.http.HttpStatusException;
import io.d3mas.metrics.TokenCount;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** What one attempt of {@link LlmClient} gave: the text, or an error and whether it is worth retrying. */
final class Attempt {

    @Nullable
    String text;

    String error = "";
    boolean retriable;
    boolean structuredRejected;
    boolean sent;
    /** A 429: every client of the model pauses. */
    boolean rateLimited;
    /** A 401 or 403: the credentials were refused. */
    boolean credentialsRefused;
    /** A 5xx, a transport error or an unreadable body (not a timeout): counts against the circuit breaker. */
    boolean serverFault;

    @Nullable
    Duration retryAfter;

    TokenCount tokens = TokenCount.ZERO;

    /** The tool calls the model asked for; then {@link #text} may be empty. */
    java.util.List<dev.langchain4j.agent.tool.ToolExecutionRequest> toolRequests = java.util.List.of();

    /**
     * Records a failure: its description (without secrets), the server's Retry-After, and whether to retry:
     * not on authentication, a missing model, an unsupported feature, filtered content, or any 4xx other
     * than 408 and 429; yes on everything else (5xx, 408, 429, timeouts, transport errors, bodies that
     * could not be read).
     *
     * @return the HTTP status, or -1 when the failure had none
     */
    int failed(Throwable t) {
        error = describe(t);
        HttpStatusException status = find(t, HttpStatusException.class);
        if (status != null) {
            retryAfter = status.retryAfter().orElse(null);
        }
        HttpException http = status != null ? status : find(t, HttpException.class);
        int code = http == null ? -1 : http.statusCode();
        boolean nonRetriable = t instanceof AuthenticationException
                || t instanceof ModelNotFoundException
                || t instanceof UnsupportedFeatureException
                || t instanceof ContentFilteredException
                || t instanceof NonRetriableException
                || t instanceof InvalidRequestException
                || (code >= 400 && code < 500 && code != 429 && code != 408);
        retriable = !nonRetriable;
        rateLimited = code == 429;
        credentialsRefused = code == 401 || code == 403 || t instanceof AuthenticationException;
        boolean timeout = find(t, dev.langchain4j.exception.TimeoutException.class) != null
                || find(t, java.net.http.HttpTimeoutException.class) != null
                || find(t, java.util.concurrent.TimeoutException.class) != null;
        serverFault = retriable && !rateLimited && code != 408 && !timeout;
        return code;
    }

    private static final java.util.regex.Pattern RESPONSE_FORMAT = java.util.regex.Pattern.compile(
            "(?i)response_format|json_schema|json schema|structured output|json mode|json_object");

    /** Whether a 400's message says the structured response format is what the server cannot take. */
    static boolean rejectsResponseFormat(String error) {
        return RESPONSE_FORMAT.matcher(error).find();
    }

    private static <T extends Throwable> @Nullable T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** The exception's kind and message, shortened, without secrets. */
    private static String describe(Throwable t) {
        String msg = t.getMessage() == null ? "" : t.getMessage();
        if (msg.length() > 300) {
            msg = msg.substring(0, 300) + "…";
        }
        return Secrets.redact(t.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg));
    }
}
