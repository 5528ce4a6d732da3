package io.d3mas.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI chat-completions server on 127.0.0.1 for tests, benchmarks and offline demos: it speaks the real
 * protocol ({@code POST /v1/chat/completions}, {@code usage}, {@code response_format}, error bodies,
 * {@code Retry-After}) so that the real langchain4j OpenAI client talks to it, and a {@link Responder}
 * decides each answer. It can inject the faults real servers produce: status codes, rate limits, slow
 * answers, truncated or malformed bodies and empty choices. It also answers with {@code tool_calls} (one or
 * several at once, with any arguments, for any name), to drive tool-calling loops.
 *
 * <pre>{@code
 * try (LocalOpenAiServer server = LocalOpenAiServer.start(call -> Reply.text("{\"atomic\": true}"))) {
 *     LlmConfig config = LlmConfig.builder().baseUrl(server.baseUrl()).build();
 *     ...
 * }
 * }</pre>
 *
 * Token counts are about four characters a token (prompt: the messages' text plus 4 per message;
 * completion: the answer's text). Every request is kept for inspection ({@link #calls()}).
 */
public final class LocalOpenAiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Decides the answer to one request. Called concurrently. */
    @FunctionalInterface
    public interface Responder {
        Reply respond(ChatCall call) throws Exception;
    }

    /**
     * One message of a request.
     *
     * @param toolCallId for a {@code tool} message, the call it answers; otherwise ""
     * @param toolCalls for an {@code assistant} message, the names of the tools it called; otherwise empty
     */
    public record Message(String role, String content, String toolCallId, List<String> toolCalls) {

        public Message(String role, String content) {
            this(role, content, "", List.of());
        }
    }

    /** One tool call to send back: its id, the tool's name and the arguments (any text: they may be malformed). */
    public record ToolCall(String id, String name, String arguments) {}

    /**
     * One request as received.
     *
     * @param index 0-based arrival order
     * @param responseFormat the {@code response_format.type} asked for, or null
     * @param headers the request headers (lower-case names)
     * @param tools the names of the tools offered ({@code tools[].function.name}), in order
     */
    public record ChatCall(
            int index,
            String model,
            List<Message> messages,
            @Nullable String responseFormat,
            @Nullable Integer maxTokens,
            Map<String, List<String>> headers,
            String body,
            List<String> tools) {

        /** The contents of the {@code tool} messages (the results sent back), in order. */
        public List<String> toolResults() {
            return messages.stream()
                    .filter(m -> m.role().equals("tool"))
                    .map(Message::content)
                    .toList();
        }

        /** The rounds of tool calls so far: the assistant messages that called tools. */
        public int toolRounds() {
            return (int) messages.stream().filter(m -> !m.toolCalls().isEmpty()).count();
        }

        /** The system message's text, or "". */
        public String system() {
            return messages.stream()
                    .filter(m -> m.role().equals("system"))
                    .map(Message::content)
                    .findFirst()
                    .orElse("");
        }

        /** The first user message's text (the question, before any repair turn), or "". */
        public String firstUser() {
            return messages.stream()
                    .filter(m -> m.role().equals("user"))
                    .map(Message::content)
                    .findFirst()
                    .orElse("");
        }

        /** The last user message's text, or "". */
        public String lastUser() {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i).role().equals("user")) {
                    return messages.get(i).content();
                }
            }
            return "";
        }

        /** Prompt tokens as this server counts them. */
        public int promptTokens() {
            int n = 0;
            for (Message m : messages) {
                n += tokens(m.content()) + 4;
            }
            return n;
        }
    }

    /** What to send back. */
    public static final class Reply {
        private enum Kind {
            TEXT,
            STATUS,
            TRUNCATED,
            MALFORMED,
            EMPTY_CHOICES,
            TOOL_CALLS
        }

        private final Kind kind;
        private final String content;
        private final int status;
        private final @Nullable Duration retryAfter;
        private final Duration delay;
        private final List<ToolCall> toolCalls;

        private Reply(Kind kind, String content, int status, @Nullable Duration retryAfter, Duration delay) {
            this(kind, content, status, retryAfter, delay, List.of());
        }

        private Reply(
                Kind kind,
                String content,
                int status,
                @Nullable Duration retryAfter,
                Duration delay,
                List<ToolCall> toolCalls) {
            this.kind = kind;
            this.content = content;
            this.status = status;
            this.retryAfter = retryAfter;
            this.delay = delay;
            this.toolCalls = toolCalls;
        }

        /** An answer that calls tools (several = parallel tool calls), with no text. */
        public static Reply toolCalls(ToolCall... calls) {
            if (calls.length == 0) {
                throw new IllegalArgumentException("at least one tool call");
            }
            return new Reply(Kind.TOOL_CALLS, "", 200, null, Duration.ZERO, List.of(calls));
        }

        /** A normal answer with this assistant text. */
        public static Reply text(String content) {
            return new Reply(Kind.TEXT, Objects.requireNonNull(content, "content"), 200, null, Duration.ZERO);
        }

        /** An error status with an OpenAI-style error body. */
        public static Reply status(int code, String message) {
            return new Reply(Kind.STATUS, message, code, null, Duration.ZERO);
        }

        /** 429 with {@code Retry-After} in seconds (fractions allowed). */
        public static Reply rateLimited(Duration retryAfter) {
            return new Reply(Kind.STATUS, "Rate limit reached", 429, retryAfter, Duration.ZERO);
        }

        /** A 200 whose body stops halfway (the connection closes early). */
        public static Reply truncated(String content) {
            return new Reply(Kind.TRUNCATED, content, 200, null, Duration.ZERO);
        }

        /** A 200 whose body is not JSON. */
        public static Reply malformedBody() {
            return new Reply(Kind.MALFORMED, "", 200, null, Duration.ZERO);
        }

        /** A 200 with {@code "choices": []}. */
        public static Reply emptyChoices() {
            return new Reply(Kind.EMPTY_CHOICES, "", 200, null, Duration.ZERO);
        }

        /** The same reply, sent after a delay. */
        public Reply after(Duration value) {
            return new Reply(kind, content, status, retryAfter, Objects.requireNonNull(value, "delay"), toolCalls);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final Responder responder;
    private final AtomicInteger index = new AtomicInteger();
    private final AtomicLong tokensReported = new AtomicLong();
    private final List<ChatCall> calls = Collections.synchronizedList(new ArrayList<>());

    private LocalOpenAiServer(Responder responder) throws IOException {
        this.responder = responder;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-openai-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on a free loopback port. */
    public static LocalOpenAiServer start(Responder responder) {
        Objects.requireNonNull(responder, "responder");
        try {
            return new LocalOpenAiServer(responder);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local OpenAI server on 127.0.0.1", e);
        }
    }

    /** The base URL to give an OpenAI client, e.g. {@code http://127.0.0.1:41234/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Every request received so far, in arrival order. */
    public List<ChatCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Requests received so far. */
    public int callCount() {
        return calls.size();
    }

    /** Total tokens ({@code usage.total_tokens}) of every complete answer sent so far. */
    public long tokensReported() {
        return tokensReported.get();
    }

    /** Stops the server and its threads; slow replies in progress are cut off. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")
                    || !ex.getRequestURI().getPath().endsWith("/chat/completions")) {
                send(ex, 404, error("no such endpoint: " + ex.getRequestURI().getPath(), "not_found"), null);
                return;
            }
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            ChatCall call;
            try {
                call = parse(body, ex);
            } catch (IOException | RuntimeException e) {
                send(ex, 400, error("invalid request body: " + e.getMessage(), "invalid_request_error"), null);
                return;
            }
            calls.add(call);
            Reply reply;
            try {
                reply = responder.respond(call);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                send(ex, 500, error("responder failed: " + e, "server_error"), null);
                return;
            }
            if (!reply.delay.isZero()) {
                try {
                    Thread.sleep(reply.delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            write(ex, call, reply);
        } catch (IOException e) {
            // the client went away (e.g. it timed out): nothing to answer
        }
    }

    private ChatCall parse(String body, HttpExchange ex) throws IOException {
        JsonNode req = JSON.readTree(body);
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : req.path("messages")) {
            JsonNode c = m.path("content");
            String text;
            if (c.isArray()) {
                StringBuilder b = new StringBuilder();
                c.forEach(part -> b.append(part.path("text").asText("")));
                text = b.toString();
            } else {
                text = c.asText("");
            }
            List<String> called = new ArrayList<>();
            m.path("tool_calls")
                    .forEach(tc -> called.add(tc.path("function").path("name").asText("")));
            messages.add(new Message(
                    m.path("role").asText(""), text, m.path("tool_call_id").asText(""), List.copyOf(called)));
        }
        List<String> tools = new ArrayList<>();
        req.path("tools").forEach(t -> tools.add(t.path("function").path("name").asText("")));
        JsonNode format = req.path("response_format").path("type");
        JsonNode max = req.has("max_tokens") ? req.get("max_tokens") : req.get("max_completion_tokens");
        Map<String, List<String>> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return new ChatCall(
                index.getAndIncrement(),
                req.path("model").asText(""),
                List.copyOf(messages),
                format.isMissingNode() ? null : format.asText(),
                max == null || !max.canConvertToInt() ? null : max.asInt(),
                Map.copyOf(headers),
                body,
                List.copyOf(tools));
    }

    private void write(HttpExchange ex, ChatCall call, Reply reply) throws IOException {
        switch (reply.kind) {
            case STATUS -> {
                String type = reply.status == 429
                        ? "rate_limit_exceeded"
                        : reply.status >= 500 ? "server_error" : "invalid_request_error";
                send(ex, reply.status, error(reply.content, type), reply.retryAfter);
            }
            case MALFORMED -> send(ex, 200, "{\"id\": \"chatcmpl-x\", \"choices\": [ {\"mess", null);
            case EMPTY_CHOICES -> {
                send(ex, 200, completion(call, null), null);
                tokensReported.addAndGet(call.promptTokens());
            }
            case TRUNCATED -> {
                byte[] full = completion(call, reply.content).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, full.length);
                OutputStream out = ex.getResponseBody();
                out.write(full, 0, full.length / 2);
                out.flush();
                // closing now leaves the body short of its Content-Length
            }
            case TEXT -> {
                send(ex, 200, completion(call, reply.content), null);
                tokensReported.addAndGet(call.promptTokens() + tokens(reply.content));
            }
            case TOOL_CALLS -> {
                String body = toolCompletion(call, reply.toolCalls);
                send(ex, 200, body, null);
                tokensReported.addAndGet(call.promptTokens() + tokens(JSON.writeValueAsString(reply.toolCalls)));
            }
        }
    }

    private static String completion(ChatCall call, @Nullable String content) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", "chatcmpl-" + call.index());
        o.put("object", "chat.completion");
        o.put("created", 1_700_000_000L);
        o.put("model", call.model());
        ArrayNode choices = o.putArray("choices");
        int completionTokens = 0;
        if (content != null) {
            ObjectNode choice = choices.addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", content);
            choice.put("finish_reason", "stop");
            completionTokens = tokens(content);
        }
        ObjectNode usage = o.putObject("usage");
        usage.put("prompt_tokens", call.promptTokens());
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", call.promptTokens() + completionTokens);
        return o.toString();
    }

    private static String toolCompletion(ChatCall call, List<ToolCall> toolCalls) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", "chatcmpl-" + call.index());
        o.put("object", "chat.completion");
        o.put("created", 1_700_000_000L);
        o.put("model", call.model());
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        for (ToolCall tc : toolCalls) {
            ObjectNode c = calls.addObject();
            c.put("id", tc.id());
            c.put("type", "function");
            ObjectNode f = c.putObject("function");
            f.put("name", tc.name());
            f.put("arguments", tc.arguments());
        }
        choice.put("finish_reason", "tool_calls");
        int completionTokens = tokens(JSON.writeValueAsString(toolCalls));
        ObjectNode usage = o.putObject("usage");
        usage.put("prompt_tokens", call.promptTokens());
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", call.promptTokens() + completionTokens);
        return o.toString();
    }

    private static String error(String message, String type) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode e = o.putObject("error");
        e.put("message", message);
        e.put("type", type);
        return o.toString();
    }

    private static void send(HttpExchange ex, int status, String body, @Nullable Duration retryAfter)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().set("Retry-After", Double.toString(retryAfter.toMillis() / 1000.0));
        }
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /** About four characters a token. */
    public static int tokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }
}
