package io.d3mas.examples.eval;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.Budget;
import io.d3mas.D3Mas;
import io.d3mas.ModelUnavailableException;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.agent.AgentProfile;
import io.d3mas.examples.TraceViewer;
import io.d3mas.examples.baselines.AgenticTeam;
import io.d3mas.examples.baselines.Solo;
import io.d3mas.examples.baselines.TeamTalk;
import io.d3mas.examples.data.EvalItem;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.metrics.RedundancyMetrics;
import io.d3mas.metrics.RedundancyMetrics.AgentVector;
import io.d3mas.metrics.TokenCount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs one method on one item and measures it: score, tokens, calls, latency, the three redundancy metrics and
 * supporting-paragraph recall. Every method gets a fresh budget of {@link EvalSettings#tokenBudget()} tokens.
 *
 * <p>Every method follows one memory-access policy (docs/evaluation.md): each agent retrieves from the same store
 * (the union of all memories) with its own queries, the question plus its profile for a baseline's agents, its
 * sub-tasks for D³MAS's; a record the D³MAS ledger handed over as another agent's conclusion counts as read by
 * the receiving agent ({@link Reads}). Redundancy uses ARCHITECTURE §7's definitions for every method: memory, the
 * share of records read by two or more agents; reasoning, the share of cross-agent output pairs with cosine above
 * 0.85; task, the same over the agents' retrieval queries (a baseline agent's task is its query). CoT-SC's samples
 * count as separate reasoners but as one agent reading once.
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
                    "",
                    List.of(),
                    bench.supportingTotal(),
                    bench.repeat);
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
                    case AGENTIC_SUPERVISOR ->
                        new AgenticTeam(
                                        model.client(),
                                        embeddings,
                                        bench.store,
                                        bench.agents,
                                        settings.topK(),
                                        settings.threshold())
                                .supervisor(prompt, budget);
                    default -> throw new IllegalArgumentException(method + " is not a baseline");
                };
        long latency = millis(start);
        Reads reads = new Reads();
        List<AgentVector> tasks = new ArrayList<>();
        for (TeamTalk.Read r : o.reads()) {
            reads.add(r.agentId(), r.recordIds());
            tasks.add(new AgentVector(r.agentId(), embed(r.query())));
        }
        List<AgentVector> reasoning = new ArrayList<>();
        for (TeamTalk.Turn t : o.turns()) {
            reasoning.add(new AgentVector(t.agentId(), embed(t.text())));
        }
        Scoring.Score s = Scoring.score(item, o.answer(), sandbox);
        return row(
                method,
                bench,
                index,
                o.answer(),
                s,
                o.tokens(),
                o.calls(),
                latency,
                reads,
                RedundancyMetrics.pairwiseRedundancy(reasoning),
                RedundancyMetrics.crossAgentPairs(reasoning),
                RedundancyMetrics.pairwiseRedundancy(tasks),
                RedundancyMetrics.crossAgentPairs(tasks),
                o.stopped(),
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
        return solved(
                method,
                bench,
                index,
                r,
                score,
                r.usage().totalTokens(),
                r.usage().llmCalls(),
                latency);
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
        Reads reads = new Reads();
        List<AgentVector> tasks = new ArrayList<>();
        if (method == EvalMethod.RETRIEVAL_INDEPENDENT) {
            for (AgentProfile a : bench.agents) {
                float[] q = embed(TeamTalk.agentQuery(item.question(), a));
                reads.add(a.id(), search(bench, q, settings.topK(), settings.threshold()));
                tasks.add(new AgentVector(a.id(), q));
            }
        } else {
            // one retriever: top k above θ, or as many results as the whole team may read (agents × k), without θ
            boolean wide = method == EvalMethod.RETRIEVAL_SINGLE_WIDE;
            float[] q = embed(item.question());
            reads.add(
                    "retriever",
                    search(
                            bench,
                            q,
                            wide ? settings.topK() * settings.agents() : settings.topK(),
                            wide ? -1 : settings.threshold()));
        }
        return row(
                method,
                bench,
                index,
                "",
                null,
                TokenCount.ZERO,
                0,
                millis(start),
                reads,
                0,
                0,
                RedundancyMetrics.pairwiseRedundancy(tasks),
                RedundancyMetrics.crossAgentPairs(tasks),
                "",
                "");
    }

    private static List<String> search(Workbench bench, float[] q, int k, double threshold) {
        return bench.store.search(MemoryQuery.of(q, k, threshold)).stream()
                .map(h -> h.record().id())
                .toList();
    }

    private float[] embed(String text) {
        return embeddings.embed(text).content().vector();
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
        RedundancyMetrics m = r.metrics();
        String trace = writeTrace(method, index, bench.repeat, r);
        return row(
                method,
                bench,
                index,
                r.answer(),
                score,
                tokens,
                calls,
                latency,
                Reads.of(r.graph()),
                m.reasoning(),
                m.reasoningPairs(),
                m.task(),
                m.taskPairs(),
                r.usage().budgetStop(),
                trace);
    }

    /** A measured row; memory redundancy, distinct records and recall come from the reads, under the one policy. */
    private static ResultRow row(
            EvalMethod method,
            Workbench bench,
            int index,
            String answer,
            Scoring.@Nullable Score score,
            TokenCount tokens,
            int calls,
            long latency,
            Reads reads,
            double reasoning,
            int reasoningPairs,
            double task,
            int taskPairs,
            String stopped,
            String trace) {
        List<String> read = reads.distinctInOrder();
        return new ResultRow(
                method.cliName(),
                bench.item.id(),
                index,
                bench.item.group(),
                answer,
                score == null ? "" : score.extracted(),
                score == null ? null : score.accuracy(),
                score == null ? null : score.f1(),
                tokens.input(),
                tokens.output(),
                calls,
                latency,
                reads.memoryRedundancy(),
                read.size(),
                reasoning,
                reasoningPairs,
                task,
                taskPairs,
                bench.supportingRecall(read),
                stopped,
                "",
                trace,
                bench.supportingRanks(read),
                bench.supportingTotal(),
                bench.repeat);
    }

    private String writeTrace(EvalMethod method, int index, int repeat, SolveResult r) {
        String name = repeat == 0 ? String.format("%05d.html", index) : String.format("%05d-r%d.html", index, repeat);
        Path rel = Path.of("traces", method.cliName(), name);
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
