package io.d3mas.internal.engine;

import io.d3mas.SolveResult;
import io.d3mas.event.ModelCall;
import io.d3mas.metrics.RedundancyMetrics;
import io.d3mas.metrics.Step;
import io.d3mas.metrics.TokenCount;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spans and metrics through the OpenTelemetry API, following its GenAI semantic conventions where they
 * apply: {@code invoke_agent d3mas} for a solve, {@code d3mas <step>} for each engine step, {@code invoke_agent
 * <agent>} for an agent's task and {@code chat <model>} (kind CLIENT) for each LLM attempt, with
 * {@code gen_ai.request.model} and {@code gen_ai.usage.input_tokens} / {@code output_tokens}; queueing, 429
 * pauses, retries and an open circuit are events on the span of the call's caller. Metrics:
 * {@code gen_ai.client.token.usage}, {@code gen_ai.client.operation.duration}, {@code d3mas.solve.duration},
 * {@code d3mas.llm.calls}, {@code d3mas.calls.saved}, {@code d3mas.tokens} and {@code d3mas.redundancy}.
 * Prompts, answers, tasks and memories are recorded only when content capture is on. Not API: install it
 * with {@code D3Mas.Builder.openTelemetry}.
 */
public final class OtelTelemetry implements Telemetry {

    static final String SCOPE = "io.d3mas";
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> SOLVE_ID = AttributeKey.stringKey("d3mas.solve.id");
    static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("d3mas.task.id");
    static final AttributeKey<String> STEP = AttributeKey.stringKey("d3mas.step");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("d3mas.llm.attempt");
    static final AttributeKey<Long> ROUND = AttributeKey.longKey("d3mas.round");
    static final AttributeKey<String> LAYER = AttributeKey.stringKey("d3mas.layer");

    private static final Pattern HTTP_STATUS = Pattern.compile("HTTP (\\d{3})");

    private final Tracer tracer;
    private final boolean content;
    private final LongHistogram tokenUsage;
    private final DoubleHistogram operationDuration;
    private final DoubleHistogram solveDuration;
    private final LongCounter llmCalls;
    private final LongCounter callsSaved;
    private final LongCounter tokens;
    private final DoubleHistogram redundancy;

    /**
     * @param content whether to record the query, the tasks and the answer on spans (off by default: they may
     *     hold personal or confidential data)
     */
    public OtelTelemetry(OpenTelemetry otel, boolean content) {
        this.tracer = otel.getTracer(SCOPE);
        this.content = content;
        Meter meter = otel.getMeter(SCOPE);
        this.tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage")
                .ofLongs()
                .setUnit("{token}")
                .setDescription("Tokens used by one LLM attempt, by gen_ai.token.type")
                .build();
        this.operationDuration = meter.histogramBuilder("gen_ai.client.operation.duration")
                .setUnit("s")
                .setDescription("Duration of one LLM attempt, from sending the request")
                .build();
        this.solveDuration = meter.histogramBuilder("d3mas.solve.duration")
                .setUnit("s")
                .setDescription("Duration of one solve")
                .build();
        this.llmCalls = meter.counterBuilder("d3mas.llm.calls")
                .setUnit("{call}")
                .setDescription("LLM calls made by solves")
                .build();
        this.callsSaved = meter.counterBuilder("d3mas.calls.saved")
                .setUnit("{call}")
                .setDescription("Agent calls saved by merged sub-tasks and reused conclusions")
                .build();
        this.tokens = meter.counterBuilder("d3mas.tokens")
                .setUnit("{token}")
                .setDescription("Tokens spent by solves, by gen_ai.token.type")
                .build();
        this.redundancy = meter.histogramBuilder("d3mas.redundancy")
                .setUnit("1")
                .setDescription("Redundancy of a solve, by d3mas.layer (memory, reasoning, task)")
                .build();
    }

    @Override
    public Activity solve(String solveId, String query) {
        Span span = tracer.spanBuilder("invoke_agent d3mas")
                .setAttribute(OPERATION, "invoke_agent")
                .setAttribute(AGENT_NAME, "d3mas")
                .setAttribute(SOLVE_ID, solveId)
                .startSpan();
        if (content) {
            span.setAttribute("d3mas.query", query);
        }
        return new OtelActivity(span);
    }

    @Override
    public Activity step(Step step) {
        String name = step.name().toLowerCase(Locale.ROOT);
        return new OtelActivity(
                tracer.spanBuilder("d3mas " + name).setAttribute(STEP, name).startSpan());
    }

    @Override
    public Activity agentTask(String agentId, String taskId, String task, int round) {
        Span span = tracer.spanBuilder("invoke_agent " + agentId)
                .setAttribute(OPERATION, "invoke_agent")
                .setAttribute(AGENT_NAME, agentId)
                .setAttribute(TASK_ID, taskId)
                .setAttribute(ROUND, (long) round)
                .startSpan();
        if (content) {
            span.setAttribute("d3mas.task", task);
        }
        return new OtelActivity(span);
    }

    @Override
    public void modelCall(ModelCall call) {
        switch (call.kind()) {
            case SUCCEEDED, FAILED, ABANDONED -> attempt(call);
            case SENT -> {
                // the attempt's span is written when it ends, with its start time
            }
            default -> {
                Attributes a = Attributes.of(
                        MODEL,
                        call.model(),
                        AttributeKey.longKey("d3mas.wait_ms"),
                        call.duration().toMillis());
                Span.current().addEvent("d3mas.llm." + call.kind().name().toLowerCase(Locale.ROOT), a);
            }
        }
    }

    private void attempt(ModelCall call) {
        Instant end = Instant.now();
        Span span = tracer.spanBuilder("chat " + call.model())
                .setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(end.minus(call.duration()))
                .setAttribute(OPERATION, "chat")
                .setAttribute(MODEL, call.model())
                .setAttribute(ATTEMPT, (long) call.attempt())
                .setAttribute(INPUT_TOKENS, call.tokens().input())
                .setAttribute(OUTPUT_TOKENS, call.tokens().output())
                .startSpan();
        String error = null;
        if (call.kind() != ModelCall.Kind.SUCCEEDED) {
            error = errorType(call);
            span.setStatus(StatusCode.ERROR, call.detail());
            span.setAttribute(ERROR_TYPE, error);
        }
        span.end(end);
        Attributes base = error == null
                ? Attributes.of(OPERATION, "chat", MODEL, call.model())
                : Attributes.of(OPERATION, "chat", MODEL, call.model(), ERROR_TYPE, error);
        operationDuration.record(call.duration().toNanos() / 1e9, base);
        recordTokens(call.tokens(), base);
    }

    private void recordTokens(TokenCount t, Attributes base) {
        tokenUsage.record(t.input(), base.toBuilder().put(TOKEN_TYPE, "input").build());
        tokenUsage.record(t.output(), base.toBuilder().put(TOKEN_TYPE, "output").build());
    }

    /** A low-cardinality error type: the HTTP status, "timeout", or "_OTHER". */
    static String errorType(ModelCall call) {
        if (call.kind() == ModelCall.Kind.ABANDONED) {
            return "timeout";
        }
        Matcher m = HTTP_STATUS.matcher(call.detail());
        return m.find() ? m.group(1) : "_OTHER";
    }

    @Override
    public void finished(SolveResult result, long nanos) {
        solveDuration.record(nanos / 1e9);
        llmCalls.add(result.usage().llmCalls());
        callsSaved.add(result.usage().callsSaved());
        TokenCount t = result.usage().totalTokens();
        tokens.add(t.input(), Attributes.of(TOKEN_TYPE, "input"));
        tokens.add(t.output(), Attributes.of(TOKEN_TYPE, "output"));
        RedundancyMetrics r = result.metrics();
        if (r.memoryNodes() > 0) {
            redundancy.record(r.memory(), Attributes.of(LAYER, "memory"));
        }
        if (r.reasoningPairs() > 0) {
            redundancy.record(r.reasoning(), Attributes.of(LAYER, "reasoning"));
        }
        if (r.taskPairs() > 0) {
            redundancy.record(r.task(), Attributes.of(LAYER, "task"));
        }
    }

    @Override
    public <T> Callable<T> wrap(Callable<T> work) {
        return Context.current().wrap(work);
    }

    @Override
    public Runnable wrap(Runnable work) {
        return Context.current().wrap(work);
    }

    /** A span made current on the starting thread until it is closed there. */
    private final class OtelActivity implements Activity {
        private final Span span;
        private final Scope scope;

        OtelActivity(Span span) {
            this.span = span;
            this.scope = span.makeCurrent();
        }

        @Override
        public void attribute(String key, long value) {
            span.setAttribute(key, value);
        }

        @Override
        public void attribute(String key, String value) {
            if (content || key.endsWith(".id")) {
                span.setAttribute(key, value);
            }
        }

        @Override
        public void failed(Throwable error) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            span.setAttribute(ERROR_TYPE, error.getClass().getName());
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
