package io.d3mas.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.d3mas.Budget;
import io.d3mas.BudgetExhaustedException;
import io.d3mas.InvalidInputException;
import io.d3mas.metrics.TokenCount;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat model with the call policy D³MAS needs around it: a per-call timeout, the solve's deadline and
 * budget, bounded retries with exponential backoff and full jitter on rate limits (honouring
 * {@code Retry-After}), 5xx, timeouts and malformed or empty responses; no retry on other 4xx; and a limit on
 * concurrent calls to the model. Share one client between the components that use the same model, so the
 * concurrency limit holds for all of them.
 *
 * <pre>{@code
 * try (LlmClient gpt = LlmClient.builder(chatModel).maxConcurrentCalls(4).build()) {
 *     D3Mas team = D3Mas.builder()
 *             .decomposer(new LlmDecomposer(gpt))
 *             .agent("geo", "Geography", LlmAgent.builder(gpt).build())
 *             ...
 * }
 * }</pre>
 *
 * <p>Set the model's own retries to 0 ({@code OpenAiChatModel.builder().maxRetries(0)}, as {@link LlmConfig}
 * does) so that this policy is the only one. Thread-safe. {@link #close()} stops its call threads; it does
 * not close the model.
 */
public final class LlmClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LlmClient.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /** A finished call sequence: the text of the answer and what all its attempts cost. */
    public record Reply(String text, TokenCount tokens, int calls) {}

    private final ChatModel model;
    private final String name;
    private final Duration callTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final int maxOutputTokens;
    private final @Nullable Double temperature;
    private final Semaphore slots;
    private final ThreadPoolExecutor pool;
    private final AtomicBoolean structuredRejected = new AtomicBoolean();
    private final StructuredOutput structuredOutput;

    private LlmClient(Builder b) {
        this.model = b.model;
        this.name = b.name;
        this.callTimeout = b.callTimeout;
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxRetryAfter = b.maxRetryAfter;
        this.maxOutputTokens = b.maxOutputTokens;
        this.temperature = b.temperature;
        this.structuredOutput = b.structuredOutput;
        this.slots = new Semaphore(b.maxConcurrentCalls, true);
        int id = CLIENTS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "d3mas-llm-" + id + "-call-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder(ChatModel model) {
        return new Builder(model);
    }

    /** The name used in results and warnings. */
    public String name() {
        return name;
    }

    /**
     * Sends one conversation, retrying as the policy says.
     *
     * @param schema the JSON shape wanted, or null for free text
     * @param budget the solve's budget: each attempt takes a permit, and no attempt or wait runs past its
     *     deadline
     * @throws BudgetExhaustedException when the budget or the deadline does not allow the (next) attempt
     * @throws LlmCallException when the call failed for good
     * @throws InterruptedException when the calling thread is interrupted
     */
    public Reply chat(List<ChatMessage> messages, @Nullable JsonSchema schema, Budget budget)
            throws InterruptedException {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(budget, "budget");
        if (pool.isShutdown()) {
            throw new IllegalStateException("LlmClient " + name + " is closed");
        }
        long estimate = estimateTokens(messages);
        TokenCount used = TokenCount.ZERO;
        int calls = 0;
        int retries = 0;
        String lastError = "";
        while (true) {
            Attempt a;
            try {
                a = attempt(request(messages, schema), budget, estimate);
            } catch (BudgetExhaustedException e) {
                if (calls == 0) {
                    throw e;
                }
                throw new BudgetExhaustedException(
                        e.limit(), e.getMessage() + " (after " + calls + " failed attempt(s): " + lastError + ")");
            }
            calls += a.sent ? 1 : 0;
            used = used.plus(a.tokens);
            if (a.text != null) {
                return new Reply(a.text, used, calls);
            }
            lastError = a.error;
            if (a.structuredRejected) {
                LOG.info(
                        "{} rejected a structured response format ({}); asking for JSON in the prompt from now on",
                        name,
                        a.error);
                continue;
            }
            if (!a.retriable) {
                throw new LlmCallException(name + ": " + a.error + " (not retried)", calls, used);
            }
            if (retries >= maxRetries) {
                throw new LlmCallException(
                        name + ": " + a.error + " (gave up after " + calls + " attempts; maxRetries=" + maxRetries
                                + ")",
                        calls,
                        used);
            }
            Duration wait = a.retryAfter != null ? a.retryAfter : backoff(retries);
            if (a.retryAfter != null && a.retryAfter.compareTo(maxRetryAfter) > 0) {
                throw new LlmCallException(
                        name + ": " + a.error + "; the server asks to wait " + a.retryAfter
                                + ", more than maxRetryAfter=" + maxRetryAfter,
                        calls,
                        used);
            }
            if (wait.compareTo(budget.remaining()) >= 0) {
                throw new BudgetExhaustedException(
                        Budget.Limit.DEADLINE,
                        "the solve deadline leaves no time to retry " + name + " after: " + a.error);
            }
            LOG.debug("{}: {}; retry {} of {} in {} ms", name, a.error, retries + 1, maxRetries, wait.toMillis());
            retries++;
            Thread.sleep(wait.toMillis(), 0);
        }
    }

    private ChatRequest request(List<ChatMessage> messages, @Nullable JsonSchema schema) {
        ChatRequest.Builder b = ChatRequest.builder().messages(messages);
        if (maxOutputTokens > 0) {
            b.maxOutputTokens(maxOutputTokens);
        }
        if (temperature != null) {
            b.temperature(temperature);
        }
        if (schema != null && !structuredRejected.get()) {
            if (structuredOutput == StructuredOutput.JSON_SCHEMA) {
                b.responseFormat(ResponseFormat.builder()
                        .type(ResponseFormatType.JSON)
                        .jsonSchema(schema)
                        .build());
            } else if (structuredOutput == StructuredOutput.JSON_OBJECT) {
                b.responseFormat(ResponseFormat.JSON);
            }
        }
        return b.build();
    }

    /**
     * One attempt: a free slot first (waiting counts against the call's time), then a budget permit, so a
     * call that never reaches the server costs no budget.
     */
    private Attempt attempt(ChatRequest request, Budget budget, long estimate) throws InterruptedException {
        Attempt a = new Attempt();
        long limit = Math.min(callTimeout.toNanos(), budget.remaining().toNanos());
        long start = System.nanoTime();
        if (!slots.tryAcquire(limit, TimeUnit.NANOSECONDS)) {
            a.error = "no free call slot within " + Duration.ofNanos(limit).toMillis() + " ms (maxConcurrentCalls)";
            a.retriable = true;
            return a;
        }
        Budget.Permit permit;
        Future<ChatResponse> f;
        try {
            permit = budget.tryStart(estimate);
        } catch (BudgetExhaustedException e) {
            slots.release();
            throw e;
        }
        try {
            f = pool.submit(() -> model.chat(request));
        } catch (RejectedExecutionException e) {
            permit.finish(TokenCount.ZERO);
            slots.release();
            throw new IllegalStateException("LlmClient " + name + " is closed");
        }
        a.sent = true;
        try {
            ChatResponse r = f.get(Math.max(0, limit - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
            a.tokens = r == null ? TokenCount.ZERO : TokenCount.from(r.tokenUsage());
            AiMessage m = r == null ? null : r.aiMessage();
            String text = m == null ? null : m.text();
            if (text == null || text.isBlank()) {
                a.error = "the model returned an empty answer";
                a.retriable = true;
            } else {
                a.text = text;
            }
        } catch (TimeoutException e) {
            f.cancel(true);
            a.error = "no answer within " + Duration.ofNanos(limit).toMillis() + " ms (callTimeout="
                    + callTimeout.toMillis() + " ms or the solve deadline)";
            a.retriable = true;
        } catch (ExecutionException e) {
            classify(e.getCause() == null ? e : e.getCause(), request, a);
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } finally {
            permit.finish(a.tokens);
            slots.release();
        }
        return a;
    }

    private void classify(Throwable t, ChatRequest request, Attempt a) {
        int code = a.failed(t);
        if (!a.retriable
                && code == 400
                && request.responseFormat() != null
                && structuredRejected.compareAndSet(false, true)) {
            a.structuredRejected = true;
        }
    }

    /** Exponential backoff with full jitter: a random wait in [0, min(max, initial × 2^retry)]. */
    Duration backoff(int retry) {
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(retry, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }

    /** About four characters a token for the prompt, plus the most output asked for. */
    long estimateTokens(List<ChatMessage> messages) {
        long chars = 0;
        for (ChatMessage m : messages) {
            chars += m.toString().length();
        }
        return chars / 4 + (maxOutputTokens > 0 ? maxOutputTokens : 512);
    }

    /** Stops the call threads; calls in flight are interrupted. The model itself is not closed. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** Builds an {@link LlmClient}; every setter rejects bad values naming the field. */
    public static final class Builder {
        private final ChatModel model;
        private String name;
        private Duration callTimeout = Duration.ofSeconds(60);
        private int maxRetries = 3;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(20);
        private Duration maxRetryAfter = Duration.ofSeconds(60);
        private int maxConcurrentCalls = 8;
        private int maxOutputTokens = 1024;
        private @Nullable Double temperature;
        private StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;

        private Builder(ChatModel model) {
            this.model = Objects.requireNonNull(model, "model");
            this.name = model.getClass().getSimpleName();
        }

        /** A name for warnings and results, e.g. the model name. Default: the model's class name. */
        public Builder name(String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException("name must not be blank");
            }
            this.name = value;
            return this;
        }

        /** Limit for one attempt. Default 60 s. */
        public Builder callTimeout(Duration value) {
            this.callTimeout = Checks.positive("callTimeout", value);
            return this;
        }

        /** Retries after the first attempt. Default 3; 0 = never retry. */
        public Builder maxRetries(int value) {
            if (value < 0 || value > 20) {
                throw new InvalidInputException("maxRetries must be in [0, 20], was " + value);
            }
            this.maxRetries = value;
            return this;
        }

        /** First backoff cap; doubles each retry up to {@link #maxBackoff}. Default 500 ms. */
        public Builder initialBackoff(Duration value) {
            this.initialBackoff = Checks.positive("initialBackoff", value);
            return this;
        }

        /** Largest backoff cap. Default 20 s. */
        public Builder maxBackoff(Duration value) {
            this.maxBackoff = Checks.positive("maxBackoff", value);
            return this;
        }

        /** A Retry-After longer than this fails the call instead of waiting. Default 60 s. */
        public Builder maxRetryAfter(Duration value) {
            this.maxRetryAfter = Checks.positive("maxRetryAfter", value);
            return this;
        }

        /** Calls to this model in flight at once, over all solves. Default 8. */
        public Builder maxConcurrentCalls(int value) {
            if (value < 1) {
                throw new InvalidInputException("maxConcurrentCalls must be >= 1, was " + value);
            }
            this.maxConcurrentCalls = value;
            return this;
        }

        /** Sent as the request's maximum output tokens and used in budget estimates; 0 = not sent. Default 1024. */
        public Builder maxOutputTokens(int value) {
            if (value < 0) {
                throw new InvalidInputException("maxOutputTokens must be >= 0 (0 = not sent), was " + value);
            }
            this.maxOutputTokens = value;
            return this;
        }

        /** Sampling temperature sent with each request; default: the model's own. */
        public Builder temperature(double value) {
            if (!(value >= 0 && value <= 2)) {
                throw new InvalidInputException("temperature must be in [0, 2], was " + value);
            }
            this.temperature = value;
            return this;
        }

        /** How JSON is asked for. Default {@link StructuredOutput#JSON_SCHEMA}. */
        public Builder structuredOutput(StructuredOutput value) {
            this.structuredOutput = Objects.requireNonNull(value, "structuredOutput");
            return this;
        }

        public LlmClient build() {
            if (initialBackoff.compareTo(maxBackoff) > 0) {
                throw new InvalidInputException(
                        "initialBackoff (" + initialBackoff + ") must not exceed maxBackoff (" + maxBackoff + ")");
            }
            return new LlmClient(this);
        }
    }

    /** For tests: whether the server rejected structured output and the client fell back to prompts. */
    boolean usesPromptOnlyJson() {
        return structuredOutput == StructuredOutput.PROMPT || structuredRejected.get();
    }
}
