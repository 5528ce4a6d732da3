package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d3mas.RequiredService;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo team as an MCP server, called by MCP clients we did not write: the SDK's and the MCP Inspector's. */
class McpServerMainTest {

    private static final String QUESTION = "What is the capital of France?";

    private static List<String> serverCommand(Path traces) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dd3mas.traces=" + traces,
                "-cp",
                System.getProperty("java.class.path"),
                McpServerMain.class.getName());
    }

    @Test
    void should_serve_solve_to_the_mcp_sdk_client_over_stdio(@TempDir Path traces) {
        List<String> command = serverCommand(traces);
        ServerParameters params = ServerParameters.builder(command.get(0))
                .args(command.subList(1, command.size()))
                .build();
        try (McpSyncClient client = McpClient.sync(
                        new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper())))
                .requestTimeout(Duration.ofSeconds(120))
                .initializationTimeout(Duration.ofSeconds(120))
                .build()) {
            client.initialize();
            McpSchema.CallToolResult r =
                    client.callTool(new McpSchema.CallToolRequest("solve", Map.of("query", QUESTION)));
            assertFalse(Boolean.TRUE.equals(r.isError()), r.toString());
            assertTrue(((McpSchema.TextContent) r.content().get(0)).text().contains("Paris"), r.toString());
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) r.structuredContent();
            assertTrue(Files.isRegularFile(Path.of((String) s.get("trace"))), s.toString());
        }
    }

    @Test
    void should_answer_the_mcp_inspector_cli(@TempDir Path traces) throws Exception {
        String inspector = System.getenv("D3MAS_MCP_INSPECTOR");
        if (inspector == null || !Files.isExecutable(Path.of(inspector))) {
            RequiredService.missing(
                    "no MCP Inspector (source .ci/mcp-servers.sh to install it and set D3MAS_MCP_INSPECTOR)");
        }
        JsonNode listed = inspect(inspector, traces, List.of("--method", "tools/list"));
        assertEquals("solve", listed.path("tools").path(0).path("name").asText(), listed.toString());

        JsonNode called = inspect(
                inspector,
                traces,
                List.of("--method", "tools/call", "--tool-name", "solve", "--tool-arg", "query=" + QUESTION));
        assertFalse(called.path("isError").asBoolean(), called.toString());
        assertTrue(called.path("content").path(0).path("text").asText().contains("Paris"), called.toString());
        assertTrue(called.path("structuredContent").has("solveId"), called.toString());
    }

    /** Runs {@code mcp-inspector --cli <our server> <args>} and reads the JSON it prints. */
    private static JsonNode inspect(String inspector, Path traces, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(inspector, "--cli"));
        command.addAll(serverCommand(traces));
        command.addAll(args);
        Path out = traces.resolve("inspector-" + System.nanoTime() + ".out");
        Path err = traces.resolve("inspector-" + System.nanoTime() + ".err");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("OPENAI_API_KEY");
        pb.environment().remove("OPENAI_BASE_URL");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the inspector did not finish: " + Files.readString(err));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text + Files.readString(err));
        return new ObjectMapper().readTree(text.substring(text.indexOf('{')));
    }
}
