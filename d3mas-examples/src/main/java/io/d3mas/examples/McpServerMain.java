package io.d3mas.examples;

import io.d3mas.D3Mas;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmConfig;
import io.d3mas.llm.mcp.McpSolveServer;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The demo team as an MCP server on stdio, with one tool, {@code solve}: register it with any MCP client (an IDE
 * assistant, the MCP Inspector, another agent framework) as the command
 * {@code java -cp <class path> io.d3mas.examples.McpServerMain} (docs/tools.md shows how to get the class path).
 * Offline unless {@code OPENAI_API_KEY} or {@code OPENAI_BASE_URL} is set, as in {@link Demo}; traces go to
 * {@code target/d3mas-traces/} (or {@code -Dd3mas.traces}). Standard output carries the protocol, so everything
 * else the process prints goes to standard error.
 */
public final class McpServerMain {

    private McpServerMain() {}

    public static void main(String[] args) throws Exception {
        InputStream in = System.in;
        PrintStream protocol = System.out;
        System.setOut(System.err); // nothing but MCP messages may reach the client
        Optional<LlmConfig> llm = LlmConfig.fromEnvironment();
        Path traces = Path.of(System.getProperty("d3mas.traces", "target/d3mas-traces"));
        Map<String, LlmClient> clients = new LinkedHashMap<>();
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel();
                D3Mas team = DemoTeam.build(model, llm, clients);
                McpSolveServer server = McpSolveServer.builder(team)
                        .traces(traces)
                        .description("Answers questions about the D³MAS demo's knowledge (geography, history,"
                                + " science, literature, arithmetic) with a team of "
                                + team.agents().size() + " agents that share what they retrieve and reuse each"
                                + " other's conclusions. Returns the answer; the structured content adds the solve"
                                + " id, the redundancy metrics, tokens and warnings.")
                        .start(in, protocol)) {
            System.err.println("d3mas MCP server: " + team.agents().size() + " agents, "
                    + llm.map(c -> "LLM components on " + c).orElse("offline")
                    + "; serving 'solve' on stdio until the client closes it");
            server.awaitInputClosed();
        } finally {
            clients.values().forEach(LlmClient::close);
        }
    }
}
