package io.d3mas.examples.eval;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.Budget;
import io.d3mas.D3Mas;
import io.d3mas.ModelUnavailableException;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.examples.TraceViewer;
import io.d3mas.examples.baselines.Solo;
import io.d3mas.examples.baselines.TeamTalk;
import io.d3mas.examples.data.EvalItem;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.Retrieval;
import io.d3mas.metrics.RedundancyMetrics;
import io.d3mas.metrics.RedundancyMetrics.AgentVector;
import io.d3mas.metrics.TokenCount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs one method on one item and measures it: score, tokens, calls, latency, the three redundancy metrics and
 * supporting-paragraph recall. Every method gets a fresh budget of {@link EvalSettings#tokenBudget()} tokens.
 *
 * <p>The baselines' redundancy uses the definitions D³MAS reports for itself (ARCHITECTURE §7): memory, the
 * share of records read by two or more agents; reasoning, the share of cross-agent output pairs with cosine
 * above 0.85; task, the same over the agents' tasks, which for a baseline is the whole question for every agent.
 * CoT-SC's samples count as separate reasoners.
 */
final class MethodRunner {

    private final EvalSettings settings;
    private final EmbeddingModel embeddings;
    private final @Nullable Llm llm;
    private final @Nullable PythonSandbox sandbox;

    MethodRunner(EvalSettings settings, EmbeddingModel embeddings, @Nullable Llm llm, @Nullable PythonSandbox sandbox) {
        this.settings = settings;
        this.embeddings = embeddings;
        this.llm = llm;
        this.sandbox = sandbox;
    }

    /**
     * The method's row for the item; a failure becomes a row with {@code error} set, except a model that
     * refused its credentials ({@link ModelUnavailableException}), which stops the run.
     */
    ResultRow run(EvalMethod method, Workbench bench, int index) throws InterruptedException {
        long start = System.nanoTime();
        try {
            return method.needsLlm()
                    ? (method.isD3mas() ? d3mas(method, bench, index, start) : baseline(method, bench, index, start))
                    : retrieval(method, bench, index, start);
        } catch (ModelUnavailableException e) {
            throw e; // a refused key fails every item alike: the run stops (Evaluate says what to fix)
        } catch (RuntimeException e) {
            String why = e.getClass().getSimpleName() + ": " + e.getMessage();
            return new ResultRow(
                    method.cliName(),
                    bench.item.id(),
                    index,
                    bench.item.group(),
                    "",
                    "",
                    null,
                    null,
                    0,
                    0,
                    0,
                    millis(start),
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    null,
                    "",
                    why,
                    "");
        }
    }

    private ResultRow baseline(EvalMethod method, Workbench bench, int index, long start) throws InterruptedException {
        Llm model = requireLlm(method);
        EvalItem item = bench.item;
        String prompt = item.prompt();
        Budget budget = Budget.of(settings.tokenBudget(), 0, null);
        Solo solo = new Solo(
                model.client(), model.sampler(), embeddings, bench.store, settings.topK(), settings.threshold());
        TeamTalk team = new TeamTalk(
                model.client(), embeddings, bench.store, bench.agents, settings.topK(), settings.threshold());
        TeamTalk.Outcome o =
                switch (method) {
                    case SINGLE -> solo.zeroShot(prompt, budget);
                    case COT -> solo.chainOfThought(prompt, budget);
                    case COT_SC -> solo.selfConsistency(prompt, settings.samples(), out -> voteKey(item, out), budget);
                    case CHAIN -> team.chain(prompt, budget);
                    case STAR -> team.star(prompt, budget);
                    case DEBATE -> team.debate(prompt, settings.debateRounds(), budget);
                    default -> throw new IllegalArgumentException(method + " is not a baseline");
                };
        long latency = millis(start);
        Map<String, Set<String>> readBy = new HashMap<>();
        List<String> read = new ArrayList<>();
        List<AgentVector> reasoning = new ArrayList<>();
        List<AgentVector> tasks = new ArrayList<>();
        float[] task = embeddings.embed(prompt).content().vector();
        for (TeamTalk.Turn t : o.turns()) {
            t.retrieved().forEach(id -> readBy.computeIfAbsent(id, x -> new HashSet<>())
                    .add(t.agentId()));
            read.addAll(t.retrieved());
            reasoning.add(new AgentVector(
                    t.agentId(), embeddings.embed(t.text()).content().vector()));
            tasks.add(new AgentVector(t.agentId(), task));
        }
        Scoring.Score s = Scoring.score(item, o.answer(), sandbox);
        return new ResultRow(
                method.cliName(),
                item.id(),
                index,
                item.group(),
                o.answer(),
                s.extracted(),
                s.accuracy(),
                s.f1(),
                o.tokens().input(),
                o.tokens().output(),
                o.calls(),
                latency,
                RedundancyMetrics.memoryRedundancy(readBy),
                readBy.size(),
                RedundancyMetrics.pairwiseRedundancy(reasoning),
                RedundancyMetrics.crossAgentPairs(reasoning),
                RedundancyMetrics.pairwiseRedundancy(tasks),
                RedundancyMetrics.crossAgentPairs(tasks),
                bench.supportingRecall(read),
                o.stopped(),
                "",
                "");
    }

    private ResultRow d3mas(EvalMethod method, Workbench bench, int index, long start) {
        Llm model = requireLlm(method);
        D3Mas team = bench.llmTeam(model, method.goldDecomposition());
        SolveSettings s = team.settings().toBuilder()
                .ablation(method.ablation())
                .topK(settings.topK())
                .threshold(settings.threshold())
                .tokenBudget(settings.tokenBudget())
                .build();
        SolveResult r = team.solve(bench.item.prompt(), s);
        long latency = millis(start);
        Scoring.Score score = Scoring.score(bench.item, r.answer(), sandbox);
        TokenCount t = r.usage().totalTokens();
        return solved(method, bench, index, r, score, t, r.usage().llmCalls(), latency);
    }

    private ResultRow retrieval(EvalMethod method, Workbench bench, int index, long start) {
        EvalItem item = bench.item;
        if (method.isD3mas()) {
            D3Mas team = method.goldDecomposition() ? bench.offlineGoldTeam() : bench.offlineTeam();
            SolveResult r = team.solve(
                    item.question(),
                    team.settings().toBuilder()
                            .ablation(method.ablation())
                            .topK(settings.topK())
                            .threshold(settings.threshold())
                            .build());
            return solved(method, bench, index, r, null, TokenCount.ZERO, 0, millis(start));
        }
        float[] q = embeddings.embed(item.question()).content().vector();
        List<String> readers = method == EvalMethod.RETRIEVAL_SINGLE
                ? List.of("retriever")
                : bench.agents.stream().map(a -> a.id()).toList();
        Map<String, Set<String>> readBy = new HashMap<>();
        for (String reader : readers) {
            for (MemoryHit h : bench.store.search(MemoryQuery.of(q, settings.topK(), settings.threshold()))) {
                readBy.computeIfAbsent(h.record().id(), x -> new HashSet<>()).add(reader);
            }
        }
        int pairs = readers.size() * (readers.size() - 1) / 2;
        return new ResultRow(
                method.cliName(),
                item.id(),
                index,
                item.group(),
                "",
                "",
                null,
                null,
                0,
                0,
                0,
                millis(start),
                RedundancyMetrics.memoryRedundancy(readBy),
                readBy.size(),
                0,
                0,
                pairs == 0 ? 0 : 1,
                pairs,
                bench.supportingRecall(readBy.keySet()),
                "",
                "",
                "");
    }

    private ResultRow solved(
            EvalMethod method,
            Workbench bench,
            int index,
            SolveResult r,
            Scoring.@Nullable Score score,
            TokenCount tokens,
            int calls,
            long latency) {
        List<String> read = r.retrievals().stream().map(Retrieval::recordId).toList();
        RedundancyMetrics m = r.metrics();
        String trace = writeTrace(method, index, r);
        return new ResultRow(
                method.cliName(),
                bench.item.id(),
                index,
                bench.item.group(),
                r.answer(),
                score == null ? "" : score.extracted(),
                score == null ? null : score.accuracy(),
                score == null ? null : score.f1(),
                tokens.input(),
                tokens.output(),
                calls,
                latency,
                m.memory(),
                m.memoryNodes(),
                m.reasoning(),
                m.reasoningPairs(),
                m.task(),
                m.taskPairs(),
                bench.supportingRecall(read),
                r.usage().budgetStop(),
                "",
                trace);
    }

    private String writeTrace(EvalMethod method, int index, SolveResult r) {
        Path rel = Path.of("traces", method.cliName(), String.format("%05d.html", index));
        try {
            Path file = settings.out().resolve(rel);
            Files.createDirectories(file.getParent());
            Files.writeString(file, TraceViewer.html(r.trace(), method.cliName() + " · item " + index));
            return rel.toString().replace('\\', '/');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace page " + rel + ": " + e.getMessage(), e);
        }
    }

    /** What CoT-SC votes on: the label, the number, the normalised span or sentence, or the code. */
    static String voteKey(EvalItem item, String output) {
        return switch (item.kind()) {
            case CHOICE -> Scoring.choice(output, item.choices()).orElse("");
            case NUMBER ->
                Scoring.finalNumber(output)
                        .map(n ->
                                new java.math.BigDecimal(n).stripTrailingZeros().toPlainString())
                        .orElse("");
            case SPAN, CONCEPTS -> Scoring.normalize(Scoring.finalAnswer(output));
            case CODE -> Scoring.code(output).strip();
        };
    }

    private Llm requireLlm(EvalMethod method) {
        if (llm == null) {
            throw new IllegalStateException("method " + method.cliName() + " needs a chat model: set OPENAI_API_KEY"
                    + " (and OPENAI_BASE_URL for an OpenAI-compatible server) or pass --base-url");
        }
        return llm;
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
