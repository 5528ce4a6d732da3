package io.d3mas.llm.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.d3mas.D3Mas;
import io.d3mas.D3MasException;
import io.d3mas.InvalidInputException;
import io.d3mas.SolveResult;
import io.d3mas.trace.TraceJson;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A D³MAS team served as an MCP server over stdio, with one tool, {@code solve}: a query in, the team's answer
 * out as text, with the solve id (the trace's id), the redundancy metrics, what the solve spent and its warnings
 * as structured content. Any MCP client (an IDE assistant, another agent framework) can then call the team.
 *
 * <pre>{@code
 * try (D3Mas team = ...; McpSolveServer server = McpSolveServer.builder(team).traces(Path.of("traces")).stdio()) {
 *     server.awaitInputClosed(); // until the client closes our standard input
 * }
 * }</pre>
 *
 * <p>Standard output carries the protocol: log to standard error only. A bad query or a failed solve is
 * answered with an MCP tool error saying what went wrong; the server keeps serving.
 *
 * @since 0.2.0
 */
public final class McpSolveServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(McpSolveServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The tool's name. */
    public static final String TOOL = "solve";

    private final McpSyncServer server;
    private final CountDownLatch inputClosed;
    private final AtomicBoolean closed = new AtomicBoolean();

    private McpSolveServer(McpSyncServer server, CountDownLatch inputClosed) {
        this.server = server;
        this.inputClosed = inputClosed;
    }

    public static Builder builder(D3Mas team) {
        return new Builder(team);
    }

    /** Blocks until the client closes the server's input (the usual way an MCP client ends a stdio server). */
    public void awaitInputClosed() throws InterruptedException {
        inputClosed.await();
    }

    /** Stops serving; the team is not closed (its owner closes it). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.closeGracefully();
            } catch (RuntimeException e) {
                LOG.debug("closing the MCP server failed", e);
            }
        }
    }

    /** The structured content of one solve. */
    static Map<String, Object> structured(SolveResult r, @Nullable Path trace) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("answer", r.answer());
        out.put("solveId", r.solveId());
        if (trace != null) {
            out.put("trace", trace.toAbsolutePath().toString());
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("memoryRedundancy", r.metrics().memory());
        metrics.put("reasoningRedundancy", r.metrics().reasoning());
        metrics.put("taskRedundancy", r.metrics().task());
        metrics.put("toolRedundancy", r.metrics().tool());
        out.put("metrics", metrics);
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("inputTokens", r.usage().totalTokens().input());
        usage.put("outputTokens", r.usage().totalTokens().output());
        usage.put("llmCalls", r.usage().llmCalls());
        usage.put("agentCalls", r.usage().agentCalls());
        usage.put("callsSaved", r.usage().callsSaved());
        usage.put("toolCalls", r.usage().toolCalls());
        usage.put("toolCallsSaved", r.usage().toolCallsSaved());
        out.put("usage", usage);
        out.put(
                "warnings",
                r.warnings().stream().map(w -> w.code() + ": " + w.message()).toList());
        return out;
    }

    /** Configures the server. */
    public static final class Builder {
        private final D3Mas team;
        private @Nullable Path traces;
        private String name = "d3mas";
        private String description = "Answers a question with a team of agents that split it into sub-tasks, share"
                + " what they retrieve and reuse each other's conclusions (D³MAS). Returns the answer; the"
                + " structured content adds the solve id, redundancy metrics, tokens and warnings.";

        private Builder(D3Mas team) {
            this.team = Objects.requireNonNull(team, "team");
        }

        /** Writes each solve's trace as {@code <solveId>.json} into this folder (made if missing). */
        public Builder traces(Path folder) {
            this.traces = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /** The server's name in the handshake. Default {@code d3mas}. */
        public Builder name(String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException("name must not be blank");
            }
            this.name = value;
            return this;
        }

        /** What the {@code solve} tool says it does: tell clients what this team knows. */
        public Builder description(String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException("description must not be blank");
            }
            this.description = value;
            return this;
        }

        /** Serves on this process's standard input and output. */
        public McpSolveServer stdio() {
            return start(System.in, System.out);
        }

        /** Serves on the given streams (a socket, a pipe, a test). */
        public McpSolveServer start(InputStream in, OutputStream out) {
            CountDownLatch inputClosed = new CountDownLatch(1);
            InputStream watched = new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    return ended(super.read());
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return ended(super.read(b, off, len));
                    } catch (IOException e) {
                        inputClosed.countDown();
                        throw e;
                    }
                }

                private int ended(int n) {
                    if (n < 0) {
                        inputClosed.countDown();
                    }
                    return n;
                }
            };
            JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
            StdioServerTransportProvider transport = new StdioServerTransportProvider(mapper, watched, out);
            Map<String, Object> input = Map.of(
                    "type", "object",
                    "properties", Map.of("query", Map.of("type", "string", "description", "the question to answer")),
                    "required", List.of("query"));
            McpSchema.Tool tool = McpSchema.Tool.builder()
                    .name(TOOL)
                    .title("Solve with a D³MAS team")
                    .description(description)
                    .inputSchema(input)
                    .annotations(
                            new McpSchema.ToolAnnotations("Solve with a D³MAS team", true, false, false, true, false))
                    .build();
            McpSyncServer server = McpServer.sync(transport)
                    .serverInfo(name, "0.2.0")
                    .capabilities(
                            McpSchema.ServerCapabilities.builder().tools(false).build())
                    .tools(McpServerFeatures.SyncToolSpecification.builder()
                            .tool(tool)
                            .callHandler((exchange, request) -> solve(request))
                            .build())
                    .build();
            return new McpSolveServer(server, inputClosed);
        }

        private McpSchema.CallToolResult solve(McpSchema.CallToolRequest request) {
            Object q = request.arguments() == null ? null : request.arguments().get("query");
            if (!(q instanceof String query) || query.isBlank()) {
                return error("the argument 'query' must be a non-blank string, was " + q);
            }
            SolveResult r;
            try {
                r = team.solve(query);
            } catch (D3MasException | IllegalStateException e) {
                LOG.warn("solve failed for an MCP client", e);
                return error("the solve failed: " + e.getMessage());
            }
            Path written = null;
            if (traces != null) {
                try {
                    Files.createDirectories(traces);
                    written = traces.resolve(r.solveId() + ".json");
                    TraceJson.write(r, false, written);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not write the trace of solve {} into {}", r.solveId(), traces, e);
                    written = null;
                }
            }
            return McpSchema.CallToolResult.builder()
                    .addTextContent(r.answer().isBlank() ? "(no answer)" : r.answer())
                    .structuredContent(structured(r, written))
                    .isError(false)
                    .build();
        }

        private static McpSchema.CallToolResult error(String message) {
            return McpSchema.CallToolResult.builder()
                    .addTextContent(message)
                    .isError(true)
                    .build();
        }
    }
}
