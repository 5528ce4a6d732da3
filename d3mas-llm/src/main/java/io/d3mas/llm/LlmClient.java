package io.d3mas.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
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
import io.d3mas.ModelUnavailableException;
import io.d3mas.event.ModelCall;
import io.d3mas.internal.DaemonPools;
import io.d3mas.metrics.TokenCount;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
 *
 * @since 0.1.0
 */
public final class LlmClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LlmClient.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /**
     * A finished call sequence: the text of the answer, the tool calls the model asked for (empty unless tools
     * were offered), and what all its attempts cost.
     */
    public record Reply(String text, TokenCount tokens, int calls, List<ToolExecutionRequest> toolRequests) {

        public Reply {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(tokens, "tokens");
            toolRequests = List.copyOf(toolRequests);
        }

        /** A reply without tool calls. */
        public Reply(String text, TokenCount tokens, int calls) {
            this(text, tokens, calls, List.of());
        }

        /** Whether the model asked for tool calls. */
        public boolean wantsTools() {
            return !toolRequests.isEmpty();
        }
    }

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
    private final Set<String> structuredRejected = ConcurrentHashMap.newKeySet();
    private final StructuredOutput structuredOutput;
    private final int maxConcurrentCalls;
    private final ModelGate gate;
    private final @Nullable Consumer<ModelCall> listener;

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
        this.maxConcurrentCalls = b.maxConcurrentCalls;
        this.gate = ModelGate.of(b.model, b.modelKey, b.name);
        this.listener = b.listener;
        int id = CLIENTS.incrementAndGet();
        // No queue: a request is sent the moment it is dispatched, so the 429 pause checked at dispatch still holds
        // when it reaches the server. The slots bound the threads: a call holds its slot until its thread is free
        // (see Slot), so at most maxConcurrentCalls requests run, abandoned ones included.
        this.pool = DaemonPools.direct("d3mas-llm-" + id + "-call-");
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
     * @param budget the solve's budget: each attempt takes a permit, no attempt or wait runs past its deadline,
     *     and each step of the call is {@linkplain Budget#report reported} to it
     * @throws BudgetExhaustedException when the budget or the deadline does not allow the (next) attempt
     * @throws ModelUnavailableException when the model refused the credentials (now or in the last minute)
     * @throws LlmCallException when the call failed for good
     * @throws InterruptedException when the calling thread is interrupted
     */
    public Reply chat(List<ChatMessage> messages, @Nullable JsonSchema schema, Budget budget)
            throws InterruptedException {
        return chat(messages, schema, List.of(), budget);
    }

    /**
     * Sends one conversation offering tools, retrying as the policy says: the reply is either text or tool calls
     * (an answer with tool calls and no text is an answer, not an empty one). See {@link #chat(List, JsonSchema,
     * Budget)}.
     *
     * @param tools the tools the model may call; empty = none offered
     */
    public Reply chat(
            List<ChatMessage> messages, @Nullable JsonSchema schema, List<ToolSpecification> tools, Budget budget)
            throws InterruptedException {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(budget, "budget");
        if (pool.isShutdown()) {
            throw new IllegalStateException("LlmClient " + name + " is closed");
        }
        String kind = schema == null ? "text" : schema.name() == null ? "json" : schema.name();
        long promptTokens = promptTokens(messages);
        long estimate = promptTokens + (maxOutputTokens > 0 ? maxOutputTokens : 512);
        TokenCount used = TokenCount.ZERO;
        int calls = 0;
        int retries = 0;
        String lastError = "";
        gate.retries.recordFirst();
        for (int n = 1; ; n++) {
            String refused = gate.credentialsProblem();
            if (refused != null) {
                report(budget, ModelCall.Kind.CIRCUIT_OPEN, n, Duration.ZERO, TokenCount.ZERO, refused);
                throw new ModelUnavailableException(Secrets.redact(refused + " (no request sent: fix the key;"
                        + " calls to this model are refused for " + ModelGate.CREDENTIALS_HOLD.toSeconds()
                        + " s after a refusal)"));
            }
            Attempt a;
            try {
                a = attempt(request(messages, schema, tools, kind), kind, budget, estimate, promptTokens, n);
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
                return new Reply(a.text, used, calls, a.toolRequests);
            }
            lastError = a.error;
            if (a.credentialsRefused) {
                String why = "authentication failed for model " + name + ": " + a.error;
                gate.credentialsRefused(why);
                throw new ModelUnavailableException(Secrets.redact(
                        why + " (not retried; check the API key and" + " its permissions for this model)"));
            }
            if (a.structuredRejected) {
                continue;
            }
            if (!a.retriable) {
                throw new LlmCallException(name + ": " + a.error + " (not retried)", calls, used, false);
            }
            if (retries >= maxRetries) {
                throw new LlmCallException(
                        name + ": " + a.error + " (gave up after " + calls + " attempts; maxRetries=" + maxRetries
                                + ")",
                        calls,
                        used,
                        true);
            }
            if (a.retryAfter != null && a.retryAfter.compareTo(maxRetryAfter) > 0) {
                throw new LlmCallException(
                        name + ": " + a.error + "; the server asks to wait " + a.retryAfter
                                + ", more than maxRetryAfter=" + maxRetryAfter,
                        calls,
                        used,
                        true);
            }
            Duration wait = a.retryAfter != null ? a.retryAfter : backoff(retries);
            if (wait.compareTo(budget.remaining()) >= 0) {
                throw new BudgetExhaustedException(
                        Budget.Limit.DEADLINE,
                        "the solve deadline leaves no time to retry " + name + " after: " + a.error);
            }
            if (!gate.retries.tryRetry()) {
                report(budget, ModelCall.Kind.RETRY_REFUSED, n, Duration.ZERO, TokenCount.ZERO, a.error);
                throw new LlmCallException(
                        name + ": " + a.error + " (not retried: retries to this model already reached "
                                + Math.round(RetryBudget.RATIO * 100) + " % of its calls in the last "
                                + RetryBudget.SECONDS + " s, the retry budget that keeps an overloaded server"
                                + " from a retry storm)",
                        calls,
                        used,
                        true);
            }
            retries++;
            if (a.rateLimited) {
                // the pause holds every client of the model; the next attempt waits for it before sending
                gate.pause(wait);
                report(budget, ModelCall.Kind.RATE_LIMITED, n, wait, TokenCount.ZERO, a.error);
            } else {
                report(budget, ModelCall.Kind.RETRY_SCHEDULED, n, wait, TokenCount.ZERO, a.error);
                LOG.debug("{}: {}; retry {} of {} in {} ms", name, a.error, retries, maxRetries, wait.toMillis());
                Thread.sleep(wait.toMillis(), 0);
            }
        }
    }

    private ChatRequest request(
            List<ChatMessage> messages, @Nullable JsonSchema schema, List<ToolSpecification> tools, String kind) {
        ChatRequest.Builder b = ChatRequest.builder().messages(messages);
        if (!tools.isEmpty()) {
            b.toolSpecifications(tools);
        }
        if (maxOutputTokens > 0) {
            b.maxOutputTokens(maxOutputTokens);
        }
        if (temperature != null) {
            b.temperature(temperature);
        }
        if (schema != null && !structuredRejected.contains(kind)) {
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
     * One attempt. Waiting is kept apart from calling: a free slot is waited for as long as the solve's deadline
     * allows (not {@code callTimeout}), then the model's pause, if a 429 set one; the circuit breaker and the
     * budget are asked only then, so a call that never reaches the server costs no budget; the request is sent
     * under the gate's lock, so a pause set meanwhile still holds it back; {@code callTimeout} starts when the
     * request is sent.
     */
    private Attempt attempt(ChatRequest request, String kind, Budget budget, long estimate, long promptTokens, int n)
            throws InterruptedException {
        Attempt a = new Attempt();
        Slot slot = new Slot();
        long queued = System.nanoTime();
        if (!slots.tryAcquire()) {
            if (!slots.tryAcquire(budget.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new BudgetExhaustedException(
                        Budget.Limit.DEADLINE,
                        name + ": waited " + millisSince(queued) + " ms for one of its " + maxConcurrentCalls
                                + " call slots (maxConcurrentCalls), all busy, until the solve deadline; no"
                                + " request was sent");
            }
            report(budget, ModelCall.Kind.QUEUED, n, Duration.ofNanos(System.nanoTime() - queued), TokenCount.ZERO, "");
        }
        try {
            // a 429's pause holds every client of the model: wait for it before taking a permit
            long paused = gate.awaitOpen(budget.remaining().toNanos());
            if (paused < 0) {
                throw pausedPastDeadline();
            }
            if (paused > 1_000_000) {
                report(budget, ModelCall.Kind.PAUSED, n, Duration.ofNanos(paused), TokenCount.ZERO, "");
            }
            if (!gate.breaker.tryAcquirePermission()) {
                a.error = "circuit breaker open: most of the last " + ModelGate.WINDOW_CALLS + " calls to " + name
                        + " failed with server errors ("
                        + Math.round(gate.breaker.getMetrics().getFailureRate()) + " %); no request for "
                        + ModelGate.OPEN_FOR.toSeconds() + " s, then a few probes";
                report(budget, ModelCall.Kind.CIRCUIT_OPEN, n, Duration.ZERO, TokenCount.ZERO, a.error);
                return a;
            }
            Budget.Permit permit;
            try {
                permit = budget.tryStart(estimate);
            } catch (BudgetExhaustedException e) {
                gate.breaker.releasePermission();
                throw e;
            }
            try {
                return send(request, kind, budget, permit, promptTokens, n, a, slot);
            } finally {
                permit.finish(a.tokens);
            }
        } finally {
            slot.done();
        }
    }

    /**
     * One call slot. The attempt holds it until it submits the request; from then on the attempt and the request's
     * thread both hold it, and the later of the two to be done frees it: the thread when the model call returns,
     * the attempt when it has handled the answer (a 429's pause is recorded by then). So a call abandoned at its
     * timeout keeps its slot until its thread is really free, and the pool never runs more than
     * {@code maxConcurrentCalls} requests. Released once.
     */
    private final class Slot {
        private final AtomicInteger holders = new AtomicInteger(1); // the attempt; 2 once handed over
        private volatile boolean started;

        <T> Callable<T> handOver(Callable<T> call) {
            holders.incrementAndGet();
            return () -> {
                started = true;
                try {
                    return call.call();
                } finally {
                    done();
                }
            };
        }

        /** After the request was cancelled: a request that never started is done here. */
        void cancelled(Future<?> f) {
            if (f.cancel(true) && !started) {
                done();
            }
        }

        /** The request could not be submitted: its thread will never be done. */
        void notSubmitted() {
            done();
        }

        /** One holder is done; the last frees the slot. */
        void done() {
            if (holders.decrementAndGet() == 0) {
                slots.release();
            }
        }
    }

    private Attempt send(
            ChatRequest request,
            String kind,
            Budget budget,
            Budget.Permit permit,
            long promptTokens,
            int n,
            Attempt a,
            Slot slot)
            throws InterruptedException {
        AtomicReference<Future<ChatResponse>> submitted = new AtomicReference<>();
        long waited;
        try {
            waited = gate.sendWhenOpen(
                    budget.remaining().toNanos(),
                    () -> submitted.set(pool.submit(slot.handOver(() -> model.chat(request)))));
        } catch (RejectedExecutionException e) {
            slot.notSubmitted();
            gate.breaker.releasePermission();
            throw new IllegalStateException("LlmClient " + name + " is closed");
        } catch (InterruptedException e) {
            gate.breaker.releasePermission();
            throw e;
        }
        if (waited < 0) {
            gate.breaker.releasePermission();
            throw pausedPastDeadline();
        }
        if (waited > 1_000_000) {
            report(budget, ModelCall.Kind.PAUSED, n, Duration.ofNanos(waited), TokenCount.ZERO, "");
        }
        Future<ChatResponse> f = submitted.get();
        a.sent = true;
        report(budget, ModelCall.Kind.SENT, n, Duration.ZERO, TokenCount.ZERO, "");
        long sent = System.nanoTime();
        long limit = Math.min(callTimeout.toNanos(), budget.remaining().toNanos());
        try {
            ChatResponse r = f.get(limit, TimeUnit.NANOSECONDS);
            gate.breaker.onSuccess(System.nanoTime() - sent, TimeUnit.NANOSECONDS);
            a.tokens = r == null ? TokenCount.ZERO : TokenCount.from(r.tokenUsage());
            AiMessage m = r == null ? null : r.aiMessage();
            String text = m == null ? null : m.text();
            if (m != null && m.hasToolExecutionRequests()) {
                a.toolRequests = m.toolExecutionRequests();
                a.text = text == null ? "" : text;
            } else if (text == null || text.isBlank()) {
                a.error = "the model returned an empty answer";
                a.retriable = true;
            } else {
                a.text = text;
            }
        } catch (TimeoutException e) {
            slot.cancelled(f);
            // the server read the prompt and may bill it although no answer came
            a.tokens = new TokenCount(promptTokens, 0);
            a.error = "no answer within " + Duration.ofNanos(limit).toMillis() + " ms after the request was sent"
                    + " (callTimeout=" + callTimeout.toMillis() + " ms or the solve deadline)";
            a.retriable = true;
            // slowness is not a fault to the breaker: under load it should slow calls down, not refuse them
            gate.breaker.releasePermission();
            report(budget, ModelCall.Kind.ABANDONED, n, Duration.ofNanos(System.nanoTime() - sent), a.tokens, a.error);
            return a;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            classify(cause, request, kind, a);
            if (a.rateLimited && a.retryAfter != null && a.retryAfter.compareTo(maxRetryAfter) <= 0) {
                // pause every client of the model now, before this call's slot can go to another request
                gate.pause(a.retryAfter);
            }
            if (a.serverFault) {
                gate.breaker.onError(System.nanoTime() - sent, TimeUnit.NANOSECONDS, cause);
            } else {
                gate.breaker.releasePermission();
            }
        } catch (InterruptedException e) {
            // the solve was cancelled: the request is cancelled too, and charged its prompt like a timed-out one
            slot.cancelled(f);
            gate.breaker.releasePermission();
            a.tokens = new TokenCount(promptTokens, 0);
            report(
                    budget,
                    ModelCall.Kind.ABANDONED,
                    n,
                    Duration.ofNanos(System.nanoTime() - sent),
                    a.tokens,
                    "cancelled");
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - sent);
        if (a.text != null) {
            report(budget, ModelCall.Kind.SUCCEEDED, n, took, a.tokens, "");
        } else {
            report(budget, ModelCall.Kind.FAILED, n, took, a.tokens, a.error);
        }
        return a;
    }

    private void classify(Throwable t, ChatRequest request, String kind, Attempt a) {
        int code = a.failed(t);
        if (code == 400
                && request.responseFormat() != null
                && Attempt.rejectsResponseFormat(a.error)
                && structuredRejected.add(kind)) {
            a.structuredRejected = true;
            LOG.warn(
                    "{} does not support the structured response format for '{}' requests ({}); asking for JSON in"
                            + " the prompt for them from now on",
                    name,
                    kind,
                    a.error);
        }
    }

    private void report(Budget budget, ModelCall.Kind kind, int attempt, Duration d, TokenCount tokens, String detail) {
        ModelCall call = new ModelCall(name, kind, attempt, d, tokens, detail);
        budget.report(call);
        if (listener != null) {
            try {
                listener.accept(call);
            } catch (RuntimeException e) {
                LOG.warn("{}: the model-call listener threw on {}; ignored", name, kind, e);
            }
        }
    }

    private BudgetExhaustedException pausedPastDeadline() {
        return new BudgetExhaustedException(
                Budget.Limit.DEADLINE,
                name + " asked every client to pause (HTTP 429) beyond the solve deadline; no request was sent");
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** Exponential backoff with full jitter: a random wait in [0, min(max, initial × 2^retry)]. */
    Duration backoff(int retry) {
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(retry, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }

    /** About four characters a token. */
    static long promptTokens(List<ChatMessage> messages) {
        long chars = 0;
        for (ChatMessage m : messages) {
            chars += m.toString().length();
        }
        return chars / 4;
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
        private @Nullable String modelKey;
        private @Nullable Consumer<ModelCall> listener;

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

        /**
         * Limit for one attempt, from the moment its request is sent (waiting for a slot or a 429's pause is
         * bounded by the solve's deadline instead). Default 60 s.
         */
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

        /**
         * Calls of this client in flight at once, over all solves; more wait for a free slot as long as their
         * solve's deadline allows. Default 8.
         */
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

        /**
         * Shares what is learned about the model (a 429's pause, refused credentials, the circuit breaker, the
         * retry budget) with every client given the same key, e.g. {@code "https://api.openai.com/v1 gpt-4o-mini"}.
         * Default: shared with the clients of the same {@code ChatModel} instance; {@link LlmConfig} sets the
         * base URL, model and key, so all its clients of one model share.
         */
        public Builder modelKey(String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException("modelKey must not be blank");
            }
            this.modelKey = value;
            return this;
        }

        /**
         * Receives each step of every call (queued, sent, succeeded, failed, rate-limited, abandoned, retried,
         * refused), also outside solves; for metrics. Called on the calling thread; an exception it throws is
         * logged and ignored. Within a solve the same steps also reach the solve's listeners as
         * {@code SolveEvent.ModelCalled}.
         */
        public Builder listener(Consumer<ModelCall> value) {
            this.listener = Objects.requireNonNull(value, "listener");
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

    /** For tests: whether requests of this kind (a schema's name) ask for JSON in the prompt only. */
    boolean usesPromptOnlyJson(String kind) {
        return structuredOutput == StructuredOutput.PROMPT || structuredRejected.contains(kind);
    }
}
