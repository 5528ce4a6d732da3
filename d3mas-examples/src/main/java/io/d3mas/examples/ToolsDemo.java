package io.d3mas.examples;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.agent.Agent;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.llm.LlmAgent;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmConfig;
import io.d3mas.llm.mcp.McpTools;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import io.d3mas.tool.AgentTool;
import io.d3mas.tool.NotReusable;
import io.d3mas.tool.ToolCall;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tools are knowledge (docs/tools.md): two agents need the same census lookup and the team makes it once; the
 * result is a MEMORY node with provenance {@code tool:population} that both reasoning steps are GROUNDed in; a
 * tool marked {@link NotReusable} runs every time.
 *
 * <p>Usage: {@code ToolsDemo [--mcp <command> <args>…]}. Offline the agents call the tools themselves; with
 * {@code OPENAI_API_KEY} or {@code OPENAI_BASE_URL} set they are {@link LlmAgent}s and the model decides. With
 * {@code --mcp} the tools of that MCP server (started over stdio) are offered to the team too, e.g.
 * {@code --mcp npx -y @modelcontextprotocol/server-filesystem /tmp}.
 */
public final class ToolsDemo {

    /** The question: two parts that both need Lyon's population. */
    static final String QUESTION = "How many people does the census count in Lyon, and how many residents does"
            + " the city budget of Lyon plan for?";

    private ToolsDemo() {}

    /** City facts as a langchain4j user writes tools; counts what really ran. */
    public static final class CityFacts {
        private static final Map<String, Long> POPULATION =
                Map.of("Lyon", 522_250L, "Marseille", 873_076L, "Paris", 2_133_111L);
        final AtomicInteger lookups = new AtomicInteger();
        final AtomicInteger notes = new AtomicInteger();

        @Tool("Population of a French city in the 2021 census")
        public long population(@P("the city, e.g. Lyon") String city) {
            lookups.incrementAndGet();
            Long n = POPULATION.get(city);
            if (n == null) {
                throw new IllegalArgumentException("no census figure for '" + city + "'");
            }
            return n;
        }

        @Tool("Files a note with the city council; every call files one more note")
        @NotReusable
        public String fileNote(@P("the note") String note) {
            return "note " + notes.incrementAndGet() + " filed: " + note;
        }
    }

    public static void main(String[] args) throws Exception {
        run(args, LlmConfig.fromEnvironment(), System.out);
    }

    /** An offline agent: finds the city in its task and asks the team's {@code population} tool. */
    static Agent censusClerk() {
        return request -> {
            AgentTool population = request.tools().tools().stream()
                    .filter(t -> t.name().equals("population"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the team has no population tool"));
            String city = Arrays.stream(request.task().split("[^A-Za-z]+"))
                    .filter(w -> List.of("Lyon", "Marseille", "Paris").contains(w))
                    .findFirst()
                    .orElse("");
            ToolCall call = request.tools().call(population, "{\"city\": \"" + city + "\"}");
            if (call.failed()) {
                return ReasoningResult.unanswered(List.of(call.result()));
            }
            return ReasoningResult.answer(call.result())
                    .conclusion(city + " has " + call.result() + " inhabitants (2021 census).")
                    .build();
        };
    }

    static SolveResult run(String[] args, Optional<LlmConfig> llm, PrintStream out) throws Exception {
        CityFacts facts = new CityFacts();
        List<AutoCloseable> open = new ArrayList<>();
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel()) {
            D3Mas.Builder builder = D3Mas.builder()
                    .embeddingModel(model)
                    .decomposer(request -> request.depth() == 0
                            ? Decomposition.of(Arrays.stream(request.task().split(", and "))
                                    .map(SubTask::of)
                                    .toList())
                            : Decomposition.atomicTask())
                    .tools(AgentTool.from(facts));
            int mcp = Arrays.asList(args).indexOf("--mcp");
            if (mcp >= 0 && mcp + 1 < args.length) {
                McpTools server = McpTools.stdio(args[mcp + 1], Arrays.copyOfRange(args, mcp + 2, args.length))
                        .start();
                out.println("MCP server " + server.serverName() + ":");
                server.tools().forEach(t -> out.println("  " + t.name() + (t.reusable() ? "" : " (not reusable)")));
                builder.tools(server); // closed with the team
            }
            if (llm.isPresent()) {
                LlmClient client = llm.get().client(LlmConfig.Role.AGENT);
                open.add(client);
                builder.agent("census", "Census office: population counts", LlmAgent.of(client))
                        .agent("budget", "City budget: residents planned for", LlmAgent.of(client));
            } else {
                builder.agent("census", "Census office: population counts", censusClerk())
                        .agent("budget", "City budget: residents planned for", censusClerk());
            }
            try (D3Mas team = builder.build()) {
                SolveResult r = team.solve(QUESTION);
                out.println("Q: " + QUESTION);
                out.println("A: " + r.answer());
                out.printf(
                        "Tool calls: %d made, %d saved by reuse, %d failed; the population tool ran %d time(s)%n",
                        r.usage().toolCalls(),
                        r.usage().toolCallsSaved(),
                        r.usage().toolCallsFailed(),
                        facts.lookups.get());
                for (Node n : r.trace().graph().nodes(NodeType.MEMORY)) {
                    if (n.provenance().source().startsWith("tool:")) {
                        out.println(
                                "Memory node " + n.id() + " (" + n.provenance().source() + ", by agent "
                                        + n.agentId() + "): " + n.attributes().get(Node.TOOL_ARGUMENTS) + " -> "
                                        + n.content()
                                                .substring(n.content().indexOf("→") + 1)
                                                .strip());
                    }
                }
                return r;
            }
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }
}
