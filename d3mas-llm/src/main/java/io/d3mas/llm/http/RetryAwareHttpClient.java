package io.d3mas.llm.http;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.d3mas.llm.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A langchain4j {@link HttpClient} on the JDK's {@code java.net.http} client that keeps what langchain4j's
 * own client drops: the {@code Retry-After} header of a 429 or 5xx, carried in {@link HttpStatusException}.
 * Request and response bodies and headers are never logged, so an API key cannot leak through it; error
 * messages hold the status and at most 500 characters of the body. The credentials it sends (the
 * {@code Authorization} bearer token, {@code api-key} and similar headers) are registered with {@link Secrets},
 * so they are masked whatever their shape, also when a server echoes them in an error.
 *
 * <pre>{@code
 * OpenAiChatModel.builder().httpClientBuilder(RetryAwareHttpClient.builder()) ...
 * }</pre>
 *
 * Streaming (server-sent events) is delegated to langchain4j's {@link JdkHttpClient}.
 *
 * @since 0.1.0
 */
public final class RetryAwareHttpClient implements HttpClient {

    private static final int MAX_ERROR_BODY = 500;
    /** Headers that carry credentials (lower case): OpenAI's, Azure OpenAI's, Anthropic's and Google's. */
    private static final Set<String> CREDENTIAL_HEADERS =
            Set.of("authorization", "api-key", "x-api-key", "x-goog-api-key", "proxy-authorization");

    /**
     * The JDK client's helper threads: daemon, gone after two idle seconds, so a finished run leaves none
     * behind (the JDK's default pool keeps them for a minute).
     */
    private static final ExecutorService IO = new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS, new SynchronousQueue<>(), new ThreadFactory() {
                private final AtomicInteger count = new AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "d3mas-http-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });

    private final java.net.http.HttpClient client;
    private final @Nullable Duration readTimeout;
    private final JdkHttpClient streaming;

    private RetryAwareHttpClient(Builder b) {
        java.net.http.HttpClient.Builder jdk =
                java.net.http.HttpClient.newBuilder().executor(IO);
        if (b.connectTimeout != null) {
            jdk.connectTimeout(b.connectTimeout);
        }
        this.client = jdk.build();
        this.readTimeout = b.readTimeout;
        this.streaming = JdkHttpClient.builder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest.Builder jdk = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
            boolean credential = CREDENTIAL_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT));
            for (String v : h.getValue()) {
                jdk.header(h.getKey(), v);
                if (credential) {
                    // whatever its shape (an Azure key, a JWT), a key this client sends is masked wherever the SDK
                    // writes
                    Secrets.register(
                            v.regionMatches(true, 0, "Bearer ", 0, 7)
                                    ? v.substring(7).strip()
                                    : v);
                }
            }
        }
        if (readTimeout != null) {
            jdk.timeout(readTimeout);
        }
        String body = request.body();
        jdk.method(
                request.method().name(),
                body == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = client.send(jdk.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + hostOf(request.url()) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + hostOf(request.url()), e);
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            String text = response.body() == null ? "" : response.body();
            if (text.length() > MAX_ERROR_BODY) {
                text = text.substring(0, MAX_ERROR_BODY) + "…";
            }
            throw new HttpStatusException(
                    status,
                    "HTTP " + status + " from " + hostOf(request.url()) + ": " + text,
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        return SuccessfulHttpResponse.builder()
                .statusCode(status)
                .headers(response.headers().map())
                .body(response.body())
                .build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        streaming.execute(request, parser, listener);
    }

    /** {@code Retry-After}: delay-seconds or an HTTP date; null when absent or unreadable. */
    static @Nullable Duration retryAfter(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 || !Double.isFinite(seconds) ? null : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /** Scheme, host and port only: a URL's query could hold a key. */
    private static String hostOf(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return "the server";
        }
    }

    /** Builds a {@link RetryAwareHttpClient}; langchain4j sets the timeouts from the model's settings. */
    public static final class Builder implements HttpClientBuilder {
        private @Nullable Duration connectTimeout;
        private @Nullable Duration readTimeout;

        private Builder() {}

        @Override
        public @Nullable Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(@Nullable Duration value) {
            this.connectTimeout = value;
            return this;
        }

        @Override
        public @Nullable Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(@Nullable Duration value) {
            this.readTimeout = value;
            return this;
        }

        @Override
        public RetryAwareHttpClient build() {
            return new RetryAwareHttpClient(this);
        }
    }
}
