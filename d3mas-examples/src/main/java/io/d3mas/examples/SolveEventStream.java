package io.d3mas.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.d3mas.D3Mas;
import io.d3mas.InvalidInputException;
import io.d3mas.SolveResult;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.event.ModelCall;
import io.d3mas.event.SolveEvent;
import io.d3mas.event.SolveListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A solve's progress as server-sent events, for a UI: {@code GET /solve?q=…} on 127.0.0.1 streams each
 * {@link SolveEvent} of that solve as it happens (tasks decomposed and assigned, memory retrieved, each task's
 * answer, LLM calls), then the result. A keep-alive comment goes out while nothing happens, so a client that
 * has gone away is noticed even while an agent thinks, and its solve is cancelled. The offline demo team
 * answers.
 *
 * <pre>{@code
 * mvn -B -q exec:java -pl d3mas-examples -Dexec.mainClass=io.d3mas.examples.SolveEventStream
 * curl -N 'http://127.0.0.1:8765/solve?q=Which+river+flows+through+the+capital+of+France%3F'
 * }</pre>
 */
public final class SolveEventStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService requests = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "d3mas-sse");
        t.setDaemon(true);
        return t;
    });

    private final Duration keepAlive;

    private SolveEventStream(D3Mas team, int port, Duration keepAlive) throws IOException {
        this.keepAlive = keepAlive;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(requests);
        server.createContext("/solve", exchange -> stream(team, exchange));
        server.start();
    }

    /** Serves {@code team}'s solves on 127.0.0.1; port 0 picks a free one. */
    public static SolveEventStream start(D3Mas team, int port) throws IOException {
        return start(team, port, Duration.ofSeconds(2));
    }

    /**
     * As {@link #start(D3Mas, int)}, with a keep-alive comment every {@code keepAlive} while nothing happens: it
     * finds a client that has gone away even while an agent thinks, and cancels the solve.
     */
    public static SolveEventStream start(D3Mas team, int port, Duration keepAlive) throws IOException {
        return new SolveEventStream(team, port, keepAlive);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Args.parse(argv, Set.of("port"));
        int port = Integer.parseInt(args.getOrDefault("port", "8765"));
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel();
                D3Mas team = DemoTeam.build(model);
                SolveEventStream stream = start(team, port)) {
            System.out.println("curl -N 'http://127.0.0.1:" + stream.port()
                    + "/solve?q=Which+river+flows+through+the+capital+of+France%3F'   (Ctrl-C stops)");
            Thread.currentThread().join();
        }
    }

    private void stream(D3Mas team, HttpExchange exchange) throws IOException {
        String query = query(exchange.getRequestURI().getRawQuery());
        if (query == null || query.isBlank()) {
            byte[] body = "ask with /solve?q=your+question\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        AtomicReference<CompletableFuture<SolveResult>> solve = new AtomicReference<>();
        AtomicBoolean gone = new AtomicBoolean();
        SolveListener events = e -> {
            if (!gone.get() && !send(out, name(e), json(e)) && gone.compareAndSet(false, true)) {
                CompletableFuture<SolveResult> f = solve.get();
                if (f != null) {
                    f.cancel(true); // the client left: stop the work
                }
            }
        };
        try {
            solve.set(team.solveAsync(query, events));
            if (gone.get()) {
                solve.get().cancel(true);
            }
            SolveResult r = null;
            while (r == null) {
                try {
                    r = solve.get().get(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException quiet) {
                    if (!write(out, ": keep-alive\n\n")) {
                        solve.get().cancel(true); // the client left: stop the work
                    }
                }
            }
            ObjectNode result =
                    JSON.createObjectNode().put("solveId", r.solveId()).put("answer", r.answer());
            com.fasterxml.jackson.databind.node.ArrayNode warnings = result.putArray("warnings");
            r.warnings().forEach(w -> warnings.add(json(w)));
            send(out, "result", result);
        } catch (InvalidInputException e) {
            send(out, "error", JSON.createObjectNode().put("message", e.getMessage()));
        } catch (CancellationException e) {
            // the client left
        } catch (ExecutionException e) {
            send(out, "error", JSON.createObjectNode().put("message", String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
            solve.get().cancel(true);
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    /** Writes one event; false when the client has gone away. */
    private static boolean send(OutputStream out, String event, ObjectNode data) {
        try {
            return write(out, "event: " + event + "\ndata: " + JSON.writeValueAsString(data) + "\n\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean write(OutputStream out, String text) {
        try {
            synchronized (out) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code partial-answer} for {@code PartialAnswer}, and so on. */
    static String name(SolveEvent e) {
        return e.getClass()
                .getSimpleName()
                .replaceAll("([a-z])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }

    /** A warning without its exception: code, component and message. */
    static ObjectNode json(io.d3mas.SolveWarning w) {
        return JSON.createObjectNode()
                .put("code", w.code().name())
                .put("component", w.component())
                .put("message", w.message());
    }

    static ObjectNode json(SolveEvent e) {
        if (e instanceof SolveEvent.ModelCalled m) {
            ModelCall c = m.call();
            return JSON.createObjectNode()
                    .put("solveId", m.solveId())
                    .put("model", c.model())
                    .put("kind", c.kind().name())
                    .put("attempt", c.attempt())
                    .put("millis", c.duration().toMillis())
                    .put("inputTokens", c.tokens().input())
                    .put("outputTokens", c.tokens().output());
        }
        if (e instanceof SolveEvent.Warned w) {
            return json(w.warning()).put("solveId", w.solveId());
        }
        return JSON.valueToTree(e);
    }

    private static String query(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("q=")) {
                return URLDecoder.decode(pair.substring(2), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        requests.shutdownNow();
    }
}
