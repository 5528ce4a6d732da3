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
import io.d3mas.llm.testing.LocalOpenAiServer.Reply;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryStore;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
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

    /** One part of a query: its question, the fact that answers it and the answer. */
    record Part(String question, String fact, String answer) {}

    /** A query of independent parts. */
    record Query(String text, List<Part> parts) {}

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

    static final List<Query> QUERIES = List.of(
            query(
                    part("What is the capital of Austria?", "Vienna is the capital of Austria.", "Vienna"),
                    part("In which year did the Berlin Wall fall?", "The Berlin Wall fell in 1989.", "1989"),
                    part("What is the chemical symbol for gold?", "The chemical symbol for gold is Au.", "Au")),
            query(
                    part("What is the capital of Japan?", "Tokyo is the capital of Japan.", "Tokyo"),
                    part("When did the French Revolution begin?", "The French Revolution began in 1789.", "1789"),
                    part(
                            "Which planet is closest to the Sun?",
                            "Mercury is the planet closest to the Sun.",
                            "Mercury")),
            query(
                    part("What is the capital of Canada?", "Ottawa is the capital of Canada.", "Ottawa"),
                    part("In which year was the Magna Carta sealed?", "The Magna Carta was sealed in 1215.", "1215"),
                    part(
                            "Who discovered penicillin?",
                            "Alexander Fleming discovered penicillin in 1928.",
                            "Alexander Fleming"),
                    part("What is the chemical symbol for iron?", "The chemical symbol for iron is Fe.", "Fe")),
            query(
                    part("What is the capital of Egypt?", "Cairo is the capital of Egypt.", "Cairo"),
                    part(
                            "When was the Eiffel Tower completed?",
                            "The Eiffel Tower was completed in 1889 for the World's Fair in Paris.",
                            "1889"),
                    part(
                            "Which planet is the largest in the solar system?",
                            "Jupiter is the largest planet in the solar system.",
                            "Jupiter")),
            query(
                    part("What is the capital of Kenya?", "Nairobi is the capital of Kenya.", "Nairobi"),
                    part(
                            "When did Christopher Columbus reach the Americas?",
                            "Christopher Columbus reached the Americas in 1492.",
                            "1492"),
                    part(
                            "At what temperature does water boil at sea level?",
                            "Water boils at 100 degrees Celsius at sea level.",
                            "100 degrees Celsius")),
            query(
                    part("What is the capital of Brazil?", "Brasilia is the capital of Brazil.", "Brasilia"),
                    part(
                            "Who was the first president of the United States?",
                            "George Washington was the first president of the United States.",
                            "George Washington"),
                    part("What is the chemical symbol for sodium?", "The chemical symbol for sodium is Na.", "Na"),
                    part("Which planet is known as the red planet?", "Mars is known as the red planet.", "Mars")));

    private AgenticBenchmark() {}

    private static Part part(String question, String fact, String answer) {
        return new Part(question, fact, answer);
    }

    /** The parts' questions as one: "What is A, when did B, and which C?" */
    private static Query query(Part... parts) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String q = parts[i].question();
            q = q.substring(0, q.length() - 1); // no question mark
            if (i > 0) {
                text.append(i == parts.length - 1 ? ", and " : ", ")
                        .append(Character.toLowerCase(q.charAt(0)))
                        .append(q.substring(1));
            } else {
                text.append(q);
            }
        }
        return new Query(text.append('?').toString(), List.of(parts));
    }

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
                QUERIES.size(),
                latency.toMillis(),
                repeats);
        List<Row> rows = run(QUERIES, latency, repeats);
        print(rows);
    }

    /** Runs every method on every query, {@code repeats} times; a row per method and query (median wall time). */
    static List<Row> run(List<Query> queries, Duration latency, int repeats) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (LocalOpenAiServer server =
                        LocalOpenAiServer.start(call -> reply(call, queries).after(latency));
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
                                    ? Decomposition.of(partsOf(r.task(), queries))
                                    : Decomposition.atomicTask())) {
                ContentRetriever retriever = retriever(bge, d3mas);
                for (Query q : queries) {
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

    private static Row measure(LocalOpenAiServer server, String method, Query q, int repeats, Method m)
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
    private static String workflow(ChatModel model, ContentRetriever retriever, Query q, boolean parallel) {
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

    /**
     * The scripted model: answers in the shape each caller asks for, and only from what the prompt holds. An agent
     * (D³MAS's or langchain4j-agentic's) answers a part when the part's fact is in its prompt; a planner splits or
     * plans from the query's parts; a writer (synthesizer, summary) names the part answers its prompt holds.
     */
    static Reply reply(ChatCall call, List<Query> queries) {
        String system = call.system();
        String all = ScriptedPrompts.unescape(String.join(
                "\n",
                call.messages().stream().map(LocalOpenAiServer.Message::content).toList()));
        Query q =
                queries.stream().filter(x -> all.contains(x.text())).findFirst().orElse(null);
        if (system.startsWith("You plan the work")) {
            String task = ScriptedPrompts.task(call.firstUser());
            Query whole = queries.stream()
                    .filter(x -> x.text().equals(task))
                    .findFirst()
                    .orElse(null);
            if (whole == null) {
                return Reply.text("{\"atomic\": true, \"subtasks\": []}");
            }
            StringBuilder json = new StringBuilder("{\"atomic\": false, \"subtasks\": [");
            for (int i = 0; i < whole.parts().size(); i++) {
                json.append(i == 0 ? "" : ", ")
                        .append("{\"task\": \"")
                        .append(whole.parts().get(i).question())
                        .append("\", \"dependsOn\": [], \"atomic\": true}");
            }
            return Reply.text(json.append("]}").toString());
        }
        if (system.startsWith("You are agent")) {
            String task = ScriptedPrompts.task(call.firstUser());
            Part p = partOf(task, queries);
            if (p != null && all.contains(p.fact())) {
                return Reply.text("{\"answer\": \"" + p.answer() + "\", \"conclusion\": \"" + p.fact()
                        + "\", \"premises\": [], \"confidence\": 0.9, \"needs\": [], \"usedMemory\": [\"K1\"]}");
            }
            return Reply.text("{\"answer\": \"\", \"conclusion\": \"\", \"premises\": [], \"confidence\": 0,"
                    + " \"needs\": [\"the fact\"], \"usedMemory\": []}");
        }
        if (system.contains("planner expert") && q != null) {
            int done = (int) call.messages().stream()
                    .filter(msg -> msg.role().equals("assistant"))
                    .count();
            if (done < q.parts().size()) {
                Part p = q.parts().get(done);
                return Reply.text("{\"agentName\": \"" + domainOf(p) + "\", \"arguments\": {\"question\": \""
                        + p.question() + "\"}}");
            }
            return Reply.text(
                    "{\"agentName\": \"done\", \"arguments\": {\"response\": \"" + answersIn(all, q) + "\"}}");
        }
        if (q != null && !call.firstUser().startsWith("Answer this question")) {
            // a writer: D³MAS's synthesizer, the supervisor's summary, the workflows' last agent
            String answer = answersIn(all, q);
            return Reply.text(
                    system.startsWith("You write the final answer")
                            ? "{\"used\": [\"C1\"], \"answer\": \"" + answer + "\"}"
                            : answer);
        }
        Part p = partOf(call.firstUser(), queries);
        return Reply.text(p != null && all.contains(p.fact()) ? p.answer() + "." : "I do not know.");
    }

    /** The parts of a query as sub-tasks, as the workflows get them. */
    private static List<SubTask> partsOf(String text, List<Query> queries) {
        return queries.stream()
                .filter(q -> q.text().equals(text))
                .findFirst()
                .map(q -> q.parts().stream().map(p -> SubTask.of(p.question())).toList())
                .orElse(List.of());
    }

    /** The part answers that the prompt holds, in the query's order. */
    private static String answersIn(String prompt, Query q) {
        List<String> found = new ArrayList<>();
        for (Part p : q.parts()) {
            if (prompt.contains(p.answer())) {
                found.add(p.answer());
            }
        }
        return String.join("; ", found);
    }

    private static Part partOf(String text, List<Query> queries) {
        for (Query q : queries) {
            for (Part p : q.parts()) {
                if (text.contains(p.question())) {
                    return p;
                }
            }
        }
        return null;
    }

    /** The demo agent a planner would pick for a part: the one whose memory holds its fact. */
    private static String domainOf(Part p) {
        return DemoKnowledge.knowledge().stream()
                .filter(k -> k.content().equals(p.fact()))
                .map(io.d3mas.memory.Knowledge::agentId)
                .findFirst()
                .orElse("geo");
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
