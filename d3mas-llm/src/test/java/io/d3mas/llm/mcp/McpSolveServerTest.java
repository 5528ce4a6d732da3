package io.d3mas.llm.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A team served over stdio, called by the MCP SDK's own client from another process. */
class McpSolveServerTest {

    @Test
    void should_answer_solve_calls_of_an_mcp_client_with_the_answer_and_structured_metrics(@TempDir Path traces)
            throws Exception {
        ServerParameters child = ServerParameters.builder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args("-cp", System.getProperty("java.class.path"), SolveServerChild.class.getName(), traces.toString())
                .build();
        StdioClientTransport transport = new StdioClientTransport(child, new JacksonMcpJsonMapper(new ObjectMapper()));
        try (McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60))
                .build()) {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("d3mas", init.serverInfo().name());
            List<McpSchema.Tool> tools = client.listTools().tools();
            assertEquals(
                    List.of("solve"), tools.stream().map(McpSchema.Tool::name).toList());
            assertEquals(List.of("query"), tools.get(0).inputSchema().get("required"));

            McpSchema.CallToolResult r = client.callTool(
                    new McpSchema.CallToolRequest("solve", Map.of("query", "What is the capital of France?")));
            assertFalse(Boolean.TRUE.equals(r.isError()), r.toString());
            String text = ((McpSchema.TextContent) r.content().get(0)).text();
            assertTrue(text.contains("Paris"), text);
            @SuppressWarnings("unchecked")
            Map<String, Object> structured = (Map<String, Object>) r.structuredContent();
            String solveId = (String) structured.get("solveId");
            assertTrue(Files.isRegularFile(traces.resolve(solveId + ".json")), "the trace was written");
            assertTrue(((Map<?, ?>) structured.get("metrics")).containsKey("memoryRedundancy"), structured.toString());
            assertTrue(((Map<?, ?>) structured.get("usage")).containsKey("toolCallsSaved"), structured.toString());

            McpSchema.CallToolResult bad =
                    client.callTool(new McpSchema.CallToolRequest("solve", Map.of("query", " ")));
            assertTrue(Boolean.TRUE.equals(bad.isError()), bad.toString());
            assertTrue(((McpSchema.TextContent) bad.content().get(0)).text().contains("'query'"));

            McpSchema.CallToolResult again = client.callTool(
                    new McpSchema.CallToolRequest("solve", Map.of("query", "And the capital of France, again?")));
            assertFalse(Boolean.TRUE.equals(again.isError()), "it keeps serving after an error");
        }
    }
}
