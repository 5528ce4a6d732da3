package io.d3mas.examples;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.examples.baselines.TeamTalk;
import io.d3mas.llm.LlmAgent;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmConfig;
import io.d3mas.llm.LlmDecomposer;
import io.d3mas.llm.LlmSynthesizer;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.llm.testing.LocalOpenAiServer.ChatCall;
import io.d3mas.llm.testing.LocalOpenAiServer.Reply;
import io.d3mas.task.Decomposer;
import io.d3mas.task.RuleBasedDecomposer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tokens and calls of D³MAS against a chain and a complete-graph (debate) team, on the demo's agents, memory
 * and questions, all talking to one local OpenAI-protocol server with a fixed latency per call and answers of
 * a fixed length (issue 5's benchmark). The server counts tokens as about four characters each, for prompts
 * and answers alike, so the three methods are measured with the same ruler.
 *
 * <p>Usage: {@code LlmTokenBenchmark [--answer-chars 600] [--latency-ms 20] [--debate-rounds 3]}
 */
public final class LlmTokenBenchmark {

    private LlmTokenBenchmark() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Args.parse(argv, Set.of("answer-chars", "latency-ms", "debate-rounds"));
        int answerChars = Integer.parseInt(args.getOrDefault("answer-chars", "600"));
        int latencyMs = Integer.parseInt(args.getOrDefault("latency-ms", "20"));
        int rounds = Integer.parseInt(args.getOrDefault("debate-rounds", "3"));
        Duration latency = Duration.ofMillis(latencyMs);
        RuleBasedDecomposer rules = new RuleBasedDecomposer();
        LocalOpenAiServer.Responder fixed =
                call -> reply(call, rules, answerChars).after(latency);

        List<String> questions = DemoKnowledge.questions().stream()
                .map(DemoKnowledge.Question::text)
                .toList();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(fixed);
                BgeEmbeddingModel bge = DemoTeam.embeddingModel()) {
            LlmConfig config = LlmConfig.builder()
                    .baseUrl(server.baseUrl())
                    .model("fixed-length")
                    .build();
            try (LlmClient client = LlmClient.builder(config.chatModel(LlmConfig.Role.AGENT))
                            .name("fixed-length")
                            .maxOutputTokens(0)
                            .build();
                    D3Mas d3mas = llmTeam(bge, client)) {
                TeamTalk talk = new TeamTalk(
                        client,
                        bge,
                        d3mas.memory(),
                        DemoKnowledge.agents(),
                        d3mas.settings().topK(),
                        d3mas.settings().threshold());
                System.out.printf(
                        Locale.ROOT,
                        "%d questions, %d agents, answers of %d characters, %d ms per call, debate rounds %d%n%n",
                        questions.size(),
                        DemoKnowledge.agents().size(),
                        answerChars,
                        latencyMs,
                        rounds);
                System.out.printf(
                        Locale.ROOT,
                        "%-60s %9s %9s %9s %6s %6s %6s%n",
                        "question",
                        "d3mas",
                        "chain",
                        "debate",
                        "calls",
                        "calls",
                        "calls");
                long[] totals = new long[3];
                int[] calls = new int[3];
                List<Double> vsChain = new ArrayList<>();
                List<Double> vsDebate = new ArrayList<>();
                for (String q : questions) {
                    SolveResult ours = d3mas.solve(q);
                    TeamTalk.Outcome chain = talk.chain(q);
                    TeamTalk.Outcome debate = talk.debate(q, rounds);
                    long a = ours.usage().totalTokens().total();
                    long b = chain.tokens().total();
                    long c = debate.tokens().total();
                    totals[0] += a;
                    totals[1] += b;
                    totals[2] += c;
                    calls[0] += ours.usage().llmCalls();
                    calls[1] += chain.calls();
                    calls[2] += debate.calls();
                    vsChain.add((double) a / b);
                    vsDebate.add((double) a / c);
                    System.out.printf(
                            Locale.ROOT,
                            "%-60s %9d %9d %9d %6d %6d %6d%n",
                            q.length() > 60 ? q.substring(0, 57) + "..." : q,
                            a,
                            b,
                            c,
                            ours.usage().llmCalls(),
                            chain.calls(),
                            debate.calls());
                }
                System.out.printf(
                        Locale.ROOT,
                        "%n%-60s %9d %9d %9d %6d %6d %6d%n",
                        "total",
                        totals[0],
                        totals[1],
                        totals[2],
                        calls[0],
                        calls[1],
                        calls[2]);
                System.out.printf(
                        Locale.ROOT,
                        "%nD3MAS / chain  tokens: total %.3f, median per question %.3f   (target <= 0.5)%n",
                        (double) totals[0] / totals[1],
                        median(vsChain));
                System.out.printf(
                        Locale.ROOT,
                        "D3MAS / debate tokens: total %.3f, median per question %.3f   (target <= 0.2)%n",
                        (double) totals[0] / totals[2],
                        median(vsDebate));
                System.out.printf(
                        Locale.ROOT,
                        "calls: D3MAS %d, chain %d, debate %d; requests seen by the server: %d%n",
                        calls[0],
                        calls[1],
                        calls[2],
                        server.callCount());
            }
        }
    }

    /** The demo's agents and memory with the LLM components, all on one client. */
    static D3Mas llmTeam(BgeEmbeddingModel bge, LlmClient client) {
        return llmTeam(bge, client, new LlmDecomposer(client));
    }

    /** The same with another decomposer (the parts given, say). */
    static D3Mas llmTeam(BgeEmbeddingModel bge, LlmClient client, Decomposer decomposer) {
        D3Mas.Builder b = D3Mas.builder()
                .embeddingModel(bge)
                .decomposer(decomposer)
                .synthesizer(new LlmSynthesizer(client))
                .settings(SolveSettings.defaults());
        LlmAgent agent = LlmAgent.of(client);
        DemoKnowledge.agents().forEach(p -> b.agent(p, agent));
        D3Mas team = b.build();
        team.rememberAll(DemoKnowledge.knowledge());
        return team;
    }

    /**
     * A fixed-length answer in the shape each caller asks for. The D³MAS decomposer gets the rule-based
     * decomposer's split as JSON, so the task tree is the offline demo's.
     */
    static Reply reply(ChatCall call, RuleBasedDecomposer rules, int chars) throws Exception {
        String system = call.system();
        if (system.startsWith("You plan the work")) {
            return Reply.text(pad(ScriptedPrompts.ruleBasedSplit(call.firstUser(), rules), chars));
        }
        if (system.startsWith("You are agent") && system.contains("Reply with JSON only")) {
            String head = "{\"answer\": \"Answer\", \"premises\": [], \"confidence\": 0.9, \"needs\": [], "
                    + "\"usedMemory\": [\"K1\"], \"conclusion\": \"";
            return Reply.text(head + filler(chars - head.length() - 2) + "\"}");
        }
        if (system.startsWith("You write the final answer")) {
            String head = "{\"used\": [\"C1\"], \"answer\": \"";
            return Reply.text(head + filler(chars - head.length() - 2) + "\"}");
        }
        return Reply.text(filler(chars));
    }

    private static String pad(String json, int chars) {
        return json.length() >= chars ? json : json + " ".repeat(chars - json.length());
    }

    private static String filler(int chars) {
        String words = "the answer follows from the knowledge given ";
        StringBuilder b = new StringBuilder(Math.max(chars, 0));
        while (b.length() < chars) {
            b.append(words);
        }
        b.setLength(Math.max(chars, 0));
        return b.toString();
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
