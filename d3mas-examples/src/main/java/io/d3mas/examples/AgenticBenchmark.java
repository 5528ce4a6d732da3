package io.d3mas.examples;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.supervisor.SupervisorAgent;
import dev.langchain4j.agentic.supervisor.SupervisorResponseStrategy;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import io.d3mas.D3Mas;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.examples.eval.CoordinationBenchmark;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmConfig;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.llm.testing.LocalOpenAiServer.ChatCall;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryStore;
import io.d3mas.task.Decomposition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * D³MAS against langchain4j-agentic (issue 23, part 1): the same models (one local OpenAI-protocol server, a fixed
 * latency per call), the same knowledge (the demo's 178 facts; the agentic agents read them through a
 * {@code ContentRetriever} over the same store, with the same k and θ) and queries of three or four independent
 * parts. The server's answers depend on what each prompt holds: an agent answers a part only when the fact it
 * needs is in its prompt, and a final answer names the part answers its prompt holds, so "facts reached the
 * answer" is measured, not assumed.
 *
 * <p>Methods: D³MAS (LLM decomposer, agents and synthesizer), and D³MAS given the parts (no decomposer call, as
 * the workflows below); the agentic supervisor (its LLM planner picks one
 * agent per step and writes a recap when it is done; with the SUMMARY response strategy the recap is the answer,
 * while the default, LAST, returns only the last agent's answer and loses the other parts); and, given the parts
 * for free, the agentic parallel workflow and sequence, each followed by a writing agent. Per method: LLM calls,
 * prompt and completion tokens as the server counts them, wall time (median of the repeats) and parts answered.
 *
 * <p>Usage: {@code AgenticBenchmark [--latency-ms 100] [--repeats 3]}
 */
public final class AgenticBenchmark {

    /** What one method did on one query. */
    record Row(
            String method,
            String query,
            int calls,
            long promptTokens,
            long completionTokens,
            double millis,
            int partsAnswered,
            int parts) {}

    private AgenticBenchmark() {}

    /** A domain expert of the agentic team, as its documentation writes one. */
    public interface Expert {
        @UserMessage("Answer this question: {{question}}")
        @Agent
        String answer(@V("question") String question);
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Args.parse(argv, Set.of("latency-ms", "repeats"));
        Duration latency = Duration.ofMillis(Long.parseLong(args.getOrDefault("latency-ms", "100")));
        int repeats = Integer.parseInt(args.getOrDefault("repeats", "3"));
        System.out.printf(
                Locale.ROOT,
                "%s%n%d queries of 3-4 independent parts, %d ms per LLM call, %d repeats%n%n",
                CoordinationBenchmark.machine(),
                AgenticQueries.QUERIES.size(),
                latency.toMillis(),
                repeats);
        List<Row> rows = run(AgenticQueries.QUERIES, latency, repeats);
        print(rows);
    }

    /** Runs every method on every query, {@code repeats} times; a row per method and query (median wall time). */
    static List<Row> run(List<AgenticQueries.Query> queries, Duration latency, int repeats) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(
                        call -> AgenticQueries.reply(call, queries).after(latency));
                BgeEmbeddingModel bge = DemoTeam.embeddingModel()) {
            LlmConfig config = LlmConfig.builder()
                    .baseUrl(server.baseUrl())
                    .model("scripted")
                    .build();
            ChatModel model = config.chatModel(LlmConfig.Role.AGENT);
            try (LlmClient client = LlmClient.builder(model).name("scripted").build();
                    D3Mas d3mas = LlmTokenBenchmark.llmTeam(bge, client);
                    D3Mas given = LlmTokenBenchmark.llmTeam(
                            bge,
                            client,
                            r -> r.depth() == 0
                                    ? Decomposition.of(AgenticQueries.partsOf(r.task(), queries))
                                    : Decomposition.atomicTask())) {
                ContentRetriever retriever = retriever(bge, d3mas);
                for (AgenticQueries.Query q : queries) {
                    rows.add(measure(server, "d3mas", q, repeats, () -> d3mas.solve(q.text())
                            .answer()));
                    rows.add(measure(server, "d3mas-given-parts", q, repeats, () -> given.solve(q.text())
                            .answer()));
                    rows.add(measure(server, "agentic-supervisor", q, repeats, () -> supervisor(model, retriever)
                            .invoke(q.text())
                            .toString()));
                    rows.add(
                            measure(server, "agentic-parallel", q, repeats, () -> workflow(model, retriever, q, true)));
                    rows.add(measure(
                            server, "agentic-sequence", q, repeats, () -> workflow(model, retriever, q, false)));
                }
            }
        }
        return rows;
    }

    @FunctionalInterface
    private interface Method {
        String answer() throws Exception;
    }

    private static Row measure(LocalOpenAiServer server, String method, AgenticQueries.Query q, int repeats, Method m)
            throws Exception {
        List<Double> millis = new ArrayList<>();
        int calls = 0;
        long prompt = 0;
        long all = 0;
        String answer = "";
        for (int r = 0; r < repeats; r++) {
            int before = server.callCount();
            long tokensBefore = server.tokensReported();
            long start = System.nanoTime();
            answer = m.answer();
            millis.add((System.nanoTime() - start) / 1e6);
            List<ChatCall> made = server.calls().subList(before, server.callCount());
            calls = made.size();
            prompt = made.stream().mapToLong(ChatCall::promptTokens).sum();
            all = server.tokensReported() - tokensBefore;
        }
        Collections.sort(millis);
        String last = answer;
        int answered =
                (int) q.parts().stream().filter(p -> last.contains(p.answer())).count();
        return new Row(
                method,
                q.text(),
                calls,
                prompt,
                all - prompt,
                millis.get(millis.size() / 2),
                answered,
                q.parts().size());
    }

    /** The agentic agents read the same store as D³MAS's agents, with the same k and θ. */
    private static ContentRetriever retriever(BgeEmbeddingModel bge, D3Mas team) {
        MemoryStore store = team.memory();
        int k = team.settings().topK();
        double theta = team.settings().threshold();
        return query -> {
            float[] h = bge.embed(query.text()).content().vector();
            List<Content> out = new ArrayList<>();
            for (MemoryHit hit : store.search(MemoryQuery.of(h, k, theta))) {
                out.add(Content.from(hit.record().content()));
            }
            return out;
        };
    }

    private static Expert expert(ChatModel model, ContentRetriever retriever, String name, String description) {
        return AgenticServices.agentBuilder(Expert.class)
                .chatModel(model)
                .contentRetriever(retriever)
                .name(name)
                .description(description)
                .outputKey(name)
                .build();
    }

    /** The supervisor pattern over one expert per demo domain; its answer is the planner's recap. */
    private static SupervisorAgent supervisor(ChatModel model, ContentRetriever retriever) {
        List<Object> experts = new ArrayList<>();
        DemoKnowledge.agents().forEach(p -> experts.add(expert(model, retriever, p.id(), p.description())));
        return AgenticServices.supervisorBuilder()
                .chatModel(model)
                .subAgents(experts)
                .responseStrategy(SupervisorResponseStrategy.SUMMARY)
                .build();
    }

    /** The parts given for free, answered in parallel (or in sequence), then one agent writes the answer. */
    private static String workflow(
            ChatModel model, ContentRetriever retriever, AgenticQueries.Query q, boolean parallel) {
        List<Object> answerers = new ArrayList<>();
        StringBuilder collected = new StringBuilder();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("query", q.text());
        for (int i = 0; i < q.parts().size(); i++) {
            answerers.add(AgenticServices.agentBuilder()
                    .chatModel(model)
                    .contentRetriever(retriever)
                    .name("part" + i)
                    .userMessage("Answer this question: {{q" + i + "}}")
                    .inputKey(String.class, "q" + i)
                    .outputKey("a" + i)
                    .build());
            input.put("q" + i, q.parts().get(i).question());
            collected.append("\n- {{a").append(i).append("}}");
        }
        UntypedAgent parts = parallel
                ? AgenticServices.parallelBuilder().subAgents(answerers).build()
                : AgenticServices.sequenceBuilder().subAgents(answerers).build();
        UntypedAgent writer = AgenticServices.agentBuilder()
                .chatModel(model)
                .name("writer")
                .userMessage("Write the answer to '{{query}}' from these answers:" + collected)
                .inputKey(String.class, "query")
                .outputKey("answer")
                .build();
        return AgenticServices.sequenceBuilder()
                .subAgents(parts, writer)
                .outputKey("answer")
                .build()
                .invoke(input)
                .toString();
    }

    static void print(List<Row> rows) {
        System.out.printf(
                Locale.ROOT,
                "%-20s %6s %9s %9s %9s %8s%n",
                "method",
                "calls",
                "prompt",
                "completion",
                "wall ms",
                "answered");
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Row r : rows) {
            double[] s = sums.computeIfAbsent(r.method(), k -> new double[6]);
            s[0] += r.calls();
            s[1] += r.promptTokens();
            s[2] += r.completionTokens();
            s[3] += r.millis();
            s[4] += r.partsAnswered();
            s[5] += r.parts();
        }
        double[] base = sums.get("d3mas");
        sums.forEach((m, s) -> System.out.printf(
                Locale.ROOT,
                "%-20s %6.0f %9.0f %9.0f %9.0f %4.0f/%-3.0f" + "  tokens %.2fx, wall %.2fx of D3MAS%n",
                m,
                s[0],
                s[1],
                s[2],
                s[3],
                s[4],
                s[5],
                (s[1] + s[2]) / (base[1] + base[2]),
                s[3] / base[3]));
    }
}
