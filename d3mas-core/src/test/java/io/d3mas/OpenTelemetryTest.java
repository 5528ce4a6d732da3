package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.d3mas.agent.ReasoningRequest;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.event.ModelCall;
import io.d3mas.metrics.TokenCount;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Spans and metrics through the OpenTelemetry SDK: the span tree of a solve across the engine's worker threads
 * (solve → steps → agent tasks → LLM attempts), the GenAI attributes, no content unless asked for, the
 * metrics, a failed solve, and one export over OTLP/HTTP decoded with the official protobuf definitions.
 */
class OpenTelemetryTest {

    private static final String QUERY = "Which river flows through the capital of France?";

    /** An agent that answers as if after one LLM attempt, which it reports the way LlmClient does. */
    private static ReasoningResult answer(ReasoningRequest r, String text) {
        r.budget().report(new ModelCall("m", ModelCall.Kind.SENT, 1, Duration.ZERO, TokenCount.ZERO, ""));
        r.budget()
                .report(new ModelCall(
                        "m", ModelCall.Kind.SUCCEEDED, 1, Duration.ofMillis(40), new TokenCount(120, 8), ""));
        return new ReasoningResult(text, text, List.of(), 0.9, List.of(), List.of(), new TokenCount(120, 8), 1);
    }

    private static D3Mas team(OpenTelemetrySdk otel, boolean content) {
        return D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .decomposer(TwoHop.decomposer(new java.util.concurrent.atomic.AtomicInteger()))
                .agent("geo", "capital cities of countries", r -> answer(r, "Paris"))
                .agent("rivers", "rivers that flow through cities", r -> answer(r, "the Seine"))
                .withoutMessagePassing()
                .openTelemetry(otel, content)
                .build();
    }

    private record Sdk(OpenTelemetrySdk otel, InMemorySpanExporter spans, InMemoryMetricReader metrics) {}

    private static Sdk sdk() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        InMemoryMetricReader metrics = InMemoryMetricReader.create();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .setMeterProvider(
                        SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
        return new Sdk(otel, spans, metrics);
    }

    @Test
    void aSolveIsOneTraceOfStepsAgentTasksAndLlmAttempts() {
        Sdk sdk = sdk();
        SolveResult r;
        try (D3Mas team = team(sdk.otel, false)) {
            r = team.solve(QUERY);
        }
        List<SpanData> spans = sdk.spans.getFinishedSpanItems();
        Map<String, SpanData> byId = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        List<SpanData> roots = spans.stream()
                .filter(s -> !byId.containsKey(s.getParentSpanId()))
                .toList();
        assertEquals(1, roots.size(), "one trace per solve: " + names(roots));
        SpanData root = roots.get(0);
        assertEquals("invoke_agent d3mas", root.getName());
        assertEquals(r.solveId(), root.getAttributes().get(AttributeKey.stringKey("d3mas.solve.id")));
        assertEquals(
                r.usage().totalTokens().input(),
                root.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")));

        for (String step : List.of("d3mas decompose", "d3mas assign", "d3mas execute", "d3mas synthesize")) {
            SpanData s = one(spans, step);
            assertEquals(root.getSpanId(), s.getParentSpanId(), step + " is not a child of the solve");
        }
        SpanData execute = one(spans, "d3mas execute");
        List<SpanData> agents = spans.stream()
                .filter(s -> s.getName().startsWith("invoke_agent ") && s != root)
                .toList();
        assertEquals(2, agents.size(), names(spans));
        for (SpanData a : agents) {
            assertEquals(execute.getSpanId(), a.getParentSpanId(), "an agent task left the execute step's trace");
            assertTrue(a.getAttributes()
                    .get(AttributeKey.stringKey("d3mas.task.id"))
                    .startsWith("t"));
        }
        List<SpanData> chats =
                spans.stream().filter(s -> s.getName().equals("chat m")).toList();
        assertEquals(2, chats.size(), names(spans));
        for (SpanData c : chats) {
            assertEquals(SpanKind.CLIENT, c.getKind());
            assertTrue(
                    agents.stream().anyMatch(a -> a.getSpanId().equals(c.getParentSpanId())),
                    "an LLM attempt is not under its agent task");
            assertEquals("chat", c.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")));
            assertEquals("m", c.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")));
            assertEquals(120L, c.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")));
            assertEquals(8L, c.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")));
            assertEquals(40_000_000L, c.getEndEpochNanos() - c.getStartEpochNanos(), 5_000_000L);
        }
        assertNull(root.getAttributes().get(AttributeKey.stringKey("d3mas.query")), "content recorded by default");
        assertNull(root.getAttributes().get(AttributeKey.stringKey("d3mas.answer")));

        Map<String, MetricData> metrics = sdk.metrics.collectAllMetrics().stream()
                .collect(Collectors.toMap(MetricData::getName, Function.identity()));
        assertTrue(
                metrics.keySet()
                        .containsAll(List.of(
                                "gen_ai.client.token.usage",
                                "gen_ai.client.operation.duration",
                                "d3mas.solve.duration",
                                "d3mas.llm.calls",
                                "d3mas.tokens")),
                metrics.keySet().toString());
        long calls = metrics.get("d3mas.llm.calls").getLongSumData().getPoints().stream()
                .mapToLong(p -> p.getValue())
                .sum();
        assertEquals(r.usage().llmCalls(), calls);
        assertEquals(
                1,
                metrics.get("d3mas.solve.duration")
                        .getHistogramData()
                        .getPoints()
                        .iterator()
                        .next()
                        .getCount());
    }

    @Test
    void contentIsRecordedOnlyWhenAskedFor() {
        Sdk sdk = sdk();
        try (D3Mas team = team(sdk.otel, true)) {
            team.solve(QUERY);
        }
        SpanData root = one(sdk.spans.getFinishedSpanItems(), "invoke_agent d3mas");
        assertEquals(QUERY, root.getAttributes().get(AttributeKey.stringKey("d3mas.query")));
        assertFalse(
                root.getAttributes().get(AttributeKey.stringKey("d3mas.answer")).isBlank());
        assertTrue(sdk.spans.getFinishedSpanItems().stream().anyMatch(s -> "What city is the capital of France?"
                .equals(s.getAttributes().get(AttributeKey.stringKey("d3mas.task")))));
    }

    @Test
    void aSolveThatFailsEndsItsSpanWithTheError() {
        Sdk sdk = sdk();
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> {
                    throw new ModelUnavailableException("authentication failed for model m (HTTP 401)");
                })
                .withoutMessagePassing()
                .openTelemetry(sdk.otel)
                .build()) {
            assertThrows(ModelUnavailableException.class, () -> team.solve(QUERY));
        }
        SpanData root = one(sdk.spans.getFinishedSpanItems(), "invoke_agent d3mas");
        assertEquals(StatusCode.ERROR, root.getStatus().getStatusCode());
        assertEquals(
                ModelUnavailableException.class.getName(),
                root.getAttributes().get(AttributeKey.stringKey("error.type")));
    }

    @Test
    void spansReachAnOtlpHttpReceiverAndDecodeWithTheOfficialProtobufDefinitions() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            received.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            SpanExporter otlp = OtlpHttpSpanExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/traces")
                    .build();
            SdkTracerProvider tracing = SdkTracerProvider.builder()
                    .addSpanProcessor(BatchSpanProcessor.builder(otlp).build())
                    .build();
            String solveId;
            try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                            .setTracerProvider(tracing)
                            .build();
                    D3Mas team = team(otel, false)) {
                solveId = team.solve(QUERY).solveId();
                tracing.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            List<io.opentelemetry.proto.trace.v1.Span> decoded = new java.util.ArrayList<>();
            for (byte[] body : received) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
                for (ResourceSpans rs : request.getResourceSpansList()) {
                    for (ScopeSpans ss : rs.getScopeSpansList()) {
                        assertEquals("io.d3mas", ss.getScope().getName());
                        decoded.addAll(ss.getSpansList());
                    }
                }
            }
            io.opentelemetry.proto.trace.v1.Span root = decoded.stream()
                    .filter(s -> s.getName().equals("invoke_agent d3mas"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no solve span arrived: " + decoded.size() + " spans"));
            assertTrue(root.getAttributesList().stream()
                    .anyMatch(a -> a.getKey().equals("d3mas.solve.id")
                            && a.getValue().getStringValue().equals(solveId)));
            assertTrue(decoded.stream().anyMatch(s -> s.getName().equals("chat m")));
        } finally {
            receiver.stop(0);
        }
    }

    private static SpanData one(List<SpanData> spans, String name) {
        List<SpanData> found =
                spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, found.size(), name + " in " + names(spans));
        return found.get(0);
    }

    private static String names(List<SpanData> spans) {
        return spans.stream().map(SpanData::getName).toList().toString();
    }
}
