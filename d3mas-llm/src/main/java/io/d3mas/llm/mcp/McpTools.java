package io.d3mas.llm.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import io.d3mas.InvalidInputException;
import io.d3mas.tool.AgentTool;
import io.d3mas.tool.ToolSource;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools of one MCP server, for a team or an agent, over stdio (a process this object starts and stops) or
 * streamable HTTP, through the official MCP Java SDK.
 *
 * <pre>{@code
 * McpTools files = McpTools.stdio("npx", "-y", "@modelcontextprotocol/server-filesystem", "/data").start();
 * D3Mas team = D3Mas.builder()
 *         .tools(files)                 // every agent may call them; closed with the team
 *         ...
 * }</pre>
 *
 * <p>A tool is {@linkplain AgentTool#reusable() reusable} when the server annotates it read-only
 * ({@code readOnlyHint}), or idempotent and not destructive ({@code idempotentHint} true and
 * {@code destructiveHint} false: a reused idempotent write could undo a later one); MCP's defaults say neither, so
 * an unannotated tool is called every time. {@link Builder#reusable} and {@link Builder#notReusable} override the server's hints. A call the
 * server answers with {@code isError}, a server that died, or one that does not answer within
 * {@link Builder#callTimeout} gives the model an error result; the solve goes on. Thread-safe.
 *
 * @since 0.2.0
 */
public final class McpTools implements ToolSource {

    private static final Logger LOG = LoggerFactory.getLogger(McpTools.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much longer than a call's timeout the SDK client waits for any request. */
    private static final Duration CLIENT_MARGIN = Duration.ofSeconds(5);

    private final McpSyncClient client;
    private final String name;
    private final List<AgentTool> tools;
    private final AtomicBoolean closed = new AtomicBoolean();

    private McpTools(McpSyncClient client, String name, List<AgentTool> tools) {
        this.client = client;
        this.name = name;
        this.tools = tools;
    }

    /**
     * A server started as a process that speaks MCP on its standard input and output, e.g.
     * {@code stdio("npx", "-y", "@modelcontextprotocol/server-everything")}.
     */
    public static Builder stdio(String command, String... args) {
        if (command == null || command.isBlank()) {
            throw new InvalidInputException("the MCP server's command must not be blank");
        }
        return new Builder(command, List.of(args), null);
    }

    /** A server at a streamable HTTP endpoint, e.g. {@code http("http://127.0.0.1:3001/mcp")}. */
    public static Builder http(String url) {
        URI uri;
        try {
            uri = URI.create(Objects.requireNonNull(url, "url"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("not a URL: '" + url + "'");
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
            throw new InvalidInputException("an MCP streamable HTTP endpoint needs an http(s) URL, was '" + url + "'");
        }
        return new Builder("", List.of(), uri);
    }

    @Override
    public List<AgentTool> tools() {
        return tools;
    }

    /** The server's name and version as it gave them when the connection started. */
    public String serverName() {
        return name;
    }

    /** Ends the session and, for stdio, stops the server process. Idempotent; never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!client.closeGracefully()) {
                client.close();
            }
        } catch (RuntimeException e) {
            LOG.debug("closing MCP server {} failed", name, e);
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // already closing
            }
        }
    }

    @Override
    public String toString() {
        return "McpTools(" + name + ", " + tools.size() + " tools)";
    }

    /** What the model sees of a call's result: its text parts, and a short note for each other part. */
    static String text(McpSchema.CallToolResult r) {
        StringBuilder b = new StringBuilder();
        for (McpSchema.Content c : r.content() == null ? List.<McpSchema.Content>of() : r.content()) {
            if (b.length() > 0) {
                b.append('\n');
            }
            if (c instanceof McpSchema.TextContent t) {
                b.append(t.text());
            } else if (c instanceof McpSchema.ImageContent i) {
                b.append("[image ").append(i.mimeType()).append(']');
            } else if (c instanceof McpSchema.AudioContent a) {
                b.append("[audio ").append(a.mimeType()).append(']');
            } else if (c instanceof McpSchema.ResourceLink l) {
                b.append("[resource ").append(l.uri()).append(']');
            } else if (c instanceof McpSchema.EmbeddedResource e) {
                if (e.resource() instanceof McpSchema.TextResourceContents t) {
                    b.append(t.text());
                } else {
                    b.append("[resource ").append(e.resource().uri()).append(']');
                }
            } else {
                b.append('[').append(c.type()).append(']');
            }
        }
        if (b.length() == 0 && r.structuredContent() != null) {
            try {
                b.append(JSON.writeValueAsString(r.structuredContent()));
            } catch (Exception e) {
                b.append(r.structuredContent());
            }
        }
        return b.toString();
    }

    /** The tool's input schema as a langchain4j object schema, each property kept as the server wrote it. */
    static JsonObjectSchema parameters(Map<String, Object> inputSchema) throws Exception {
        JsonObjectSchema.Builder b = JsonObjectSchema.builder();
        Object props = inputSchema == null ? null : inputSchema.get("properties");
        if (props instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.addProperty(String.valueOf(e.getKey()), JsonRawSchema.from(JSON.writeValueAsString(e.getValue())));
            }
        }
        Object required = inputSchema == null ? null : inputSchema.get("required");
        if (required instanceof List<?> list && !list.isEmpty()) {
            b.required(list.stream().map(String::valueOf).toList());
        }
        return b.build();
    }

    /** Configures and starts an {@link McpTools}. */
    public static final class Builder {
        private final String command;
        private final List<String> args;
        private final @Nullable URI url;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Duration callTimeout = AgentTool.DEFAULT_TIMEOUT;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Set<String> reusable = new LinkedHashSet<>();
        private final Set<String> notReusable = new LinkedHashSet<>();
        private @Nullable Set<String> only;

        private Builder(String command, List<String> args, @Nullable URI url) {
            this.command = command;
            this.args = List.copyOf(args);
            this.url = url;
        }

        /** An environment variable for the server process (stdio only). */
        public Builder env(String key, String value) {
            if (url != null) {
                throw new InvalidInputException("env is for servers started over stdio, not for " + url);
            }
            env.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The limit for one tool call (the client's own request timeout is 5 s longer, a backstop). Default 30 s. */
        public Builder callTimeout(Duration value) {
            this.callTimeout = positive("callTimeout", value);
            return this;
        }

        /** The limit for starting the server and the MCP handshake. Default 60 s ({@code npx} may install). */
        public Builder startTimeout(Duration value) {
            this.startTimeout = positive("startTimeout", value);
            return this;
        }

        /** Offers only these of the server's tools. */
        public Builder only(String... toolNames) {
            this.only = new LinkedHashSet<>(List.of(toolNames));
            return this;
        }

        /** Treats these tools as reusable whatever the server's hints say. */
        public Builder reusable(String... toolNames) {
            reusable.addAll(List.of(toolNames));
            return this;
        }

        /** Never reuses calls of these tools whatever the server's hints say. */
        public Builder notReusable(String... toolNames) {
            notReusable.addAll(List.of(toolNames));
            return this;
        }

        /**
         * Starts the server (stdio) or connects (HTTP), runs the MCP handshake and lists the tools.
         *
         * @throws McpException when the server cannot be started or reached, fails the handshake, or lacks a tool
         *     named in {@link #only}
         */
        public McpTools start() {
            JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
            McpClientTransport transport;
            String where;
            if (url == null) {
                ServerParameters.Builder p = ServerParameters.builder(command).args(args);
                if (!env.isEmpty()) {
                    p.env(env);
                }
                StdioClientTransport stdio = new StdioClientTransport(p.build(), mapper);
                stdio.setStdErrorHandler(line -> LOG.debug("[{}] {}", command, line));
                transport = stdio;
                where = command + " " + String.join(" ", args);
            } else {
                String base = url.getScheme() + "://" + url.getAuthority();
                String endpoint = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/mcp" : url.getRawPath();
                transport = HttpClientStreamableHttpTransport.builder(base)
                        .endpoint(endpoint)
                        .jsonMapper(mapper)
                        .build();
                where = url.toString();
            }
            McpSyncClient client = McpClient.sync(transport)
                    // a backstop: the tool's own timeout (the same callTimeout) stops a call first and says so
                    .requestTimeout(callTimeout.plus(CLIENT_MARGIN))
                    .initializationTimeout(startTimeout)
                    .clientInfo(new McpSchema.Implementation("d3mas", "0.2.0"))
                    .build();
            try {
                McpSchema.InitializeResult init = client.initialize();
                List<McpSchema.Tool> listed = new ArrayList<>();
                String cursor = null;
                do {
                    McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
                    listed.addAll(page.tools());
                    cursor = page.nextCursor();
                } while (cursor != null && !cursor.isEmpty());
                String name = init.serverInfo() == null
                        ? where
                        : init.serverInfo().name() + " " + init.serverInfo().version();
                return new McpTools(client, name, tools(client, name, listed));
            } catch (McpException e) {
                client.close();
                throw e;
            } catch (RuntimeException e) {
                client.close();
                throw new McpException("could not start the MCP server '" + where + "': " + rootMessage(e), e);
            }
        }

        private List<AgentTool> tools(McpSyncClient client, String server, List<McpSchema.Tool> listed) {
            Set<String> missing = only == null ? new LinkedHashSet<>() : new LinkedHashSet<>(only);
            List<AgentTool> out = new ArrayList<>();
            for (McpSchema.Tool t : listed) {
                if (only != null && !only.contains(t.name())) {
                    continue;
                }
                missing.remove(t.name());
                if (!t.name().matches("[a-zA-Z0-9_-]{1,64}")) {
                    LOG.warn("MCP server {} offers tool '{}', a name models cannot call; skipped", server, t.name());
                    continue;
                }
                ToolSpecification spec;
                try {
                    spec = ToolSpecification.builder()
                            .name(t.name())
                            .description(t.description() == null ? t.name() : t.description())
                            .parameters(parameters(t.inputSchema()))
                            .build();
                } catch (Exception e) {
                    LOG.warn(
                            "MCP server {}: tool '{}' has an input schema we cannot read ({}); skipped",
                            server,
                            t.name(),
                            e.toString());
                    continue;
                }
                String toolName = t.name();
                AgentTool tool = AgentTool.of(spec, arguments -> call(client, server, toolName, arguments))
                        .withTimeout(callTimeout);
                if (!reusable(t)) {
                    tool = tool.notReusable();
                }
                out.add(tool);
            }
            if (!missing.isEmpty()) {
                throw new McpException("MCP server " + server + " has no tool named " + missing + "; it offers "
                        + listed.stream().map(McpSchema.Tool::name).toList());
            }
            return List.copyOf(out);
        }

        private boolean reusable(McpSchema.Tool t) {
            if (notReusable.contains(t.name())) {
                return false;
            }
            if (reusable.contains(t.name())) {
                return true;
            }
            McpSchema.ToolAnnotations a = t.annotations();
            if (a == null) {
                return false;
            }
            // an idempotent write is reused only when it destroys nothing: write x, write y, write x again must
            // leave x, which a reused first call would not
            return Boolean.TRUE.equals(a.readOnlyHint())
                    || (Boolean.TRUE.equals(a.idempotentHint()) && Boolean.FALSE.equals(a.destructiveHint()));
        }

        private static String call(McpSyncClient client, String server, String tool, String arguments)
                throws Exception {
            @SuppressWarnings("unchecked")
            Map<String, Object> args = JSON.readValue(arguments, Map.class);
            McpSchema.CallToolResult r;
            try {
                r = client.callTool(new McpSchema.CallToolRequest(tool, args));
            } catch (RuntimeException e) {
                throw new McpException("MCP server " + server + " did not answer the call: " + rootMessage(e), e);
            }
            String text = text(r);
            if (Boolean.TRUE.equals(r.isError())) {
                throw new McpException("the server reported an error: " + text);
            }
            return text;
        }

        private static Duration positive(String what, Duration value) {
            Objects.requireNonNull(value, what);
            if (value.isZero() || value.isNegative()) {
                throw new InvalidInputException(what + " must be positive, was " + value);
            }
            return value;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + " …" : m;
    }
}
