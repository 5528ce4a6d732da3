package io.d3mas.examples;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.agent.RetrievalAgent;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.examples.data.HotpotQa;
import io.d3mas.examples.data.MultiHopQuestion;
import io.d3mas.examples.data.Paragraph;
import io.d3mas.memory.InMemoryMemoryStore;
import io.d3mas.memory.Knowledge;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.Retrieval;
import io.d3mas.metrics.RedundancyMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Memory redundancy and supporting-paragraph recall on HotpotQA (issue 6), offline with real BGE embeddings.
 *
 * <p>Each question's paragraphs are dealt to {@code --agents} agents (seeded shuffle, round robin); an agent's
 * profile lists the titles it holds. Four ways to retrieve for the question, all with the same k and θ over the
 * same store:
 *
 * <ul>
 *   <li><b>D³MAS</b>: {@code D3Mas.solve} with offline {@link RetrievalAgent}s: rule-based decomposition,
 *       capability-based assignment, the union top-k per sub-task, the retrieval ledger and the hand-over of
 *       knowledge already grounded in another agent's conclusion. Redundancy and the retrieved memory nodes are
 *       read from the result.
 *   <li><b>independent agents</b>: every agent retrieves top-k for the question from all memory on its own.
 *   <li><b>independent per sub-task</b>: D³MAS's own sub-tasks and assignments, but each agent retrieves top-k
 *       for its sub-tasks from all memory with no ledger and no hand-over: what coordination adds.
 *   <li><b>one retriever</b>: top-k for the question, once (recall only; one agent has no redundancy).
 * </ul>
 *
 * {@code java ... MemoryRedundancyBenchmark [--data ../shared/data/hotpotqa/<file>] [--limit N] [--agents 5]
 * [--k 5] [--threshold 0.65] [--seed 1]}
 */
public final class MemoryRedundancyBenchmark {

    private MemoryRedundancyBenchmark() {}

    /** Per-method sums over questions. */
    static final class Tally {
        double redundancy;
        double recall;
        long retrieved;
        long shared;

        void add(Map<String, Set<String>> retrievedBy, MultiHopQuestion q, Map<String, Paragraph> byRecord) {
            redundancy += RedundancyMetrics.memoryRedundancy(retrievedBy);
            retrieved += retrievedBy.size();
            shared += retrievedBy.values().stream().filter(s -> s.size() >= 2).count();
            recall += recall(retrievedBy.keySet(), q, byRecord);
        }

        String row(String name, int n) {
            return String.format(
                    Locale.ROOT,
                    "| %s | %.3f | %.3f | %.3f | %.1f |",
                    name,
                    redundancy / n,
                    retrieved == 0 ? 0.0 : (double) shared / retrieved,
                    recall / n,
                    (double) retrieved / n);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args, Set.of("data", "limit", "agents", "k", "threshold", "seed"));
        Path file = Path.of(a.getOrDefault("data", "../shared/data/hotpotqa/" + HotpotQa.DEV_FILE));
        if (!Files.exists(file)) {
            System.out.println("HotpotQA not found at " + file + " (see ../shared/data/hotpotqa/SOURCE.md); pass"
                    + " --data <file> to run this benchmark. Nothing measured.");
            return;
        }
        int agents = Integer.parseInt(a.getOrDefault("agents", "5"));
        if (agents < 2) {
            throw new IllegalArgumentException("--agents must be at least 2, was " + agents);
        }
        int k = Integer.parseInt(a.getOrDefault("k", "5"));
        double threshold = Double.parseDouble(a.getOrDefault("threshold", "0.65"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        List<MultiHopQuestion> questions = HotpotQa.load(file);
        int limit = Math.min(questions.size(), Integer.parseInt(a.getOrDefault("limit", "" + questions.size())));

        Tally d3mas = new Tally();
        Tally independent = new Tally();
        Tally perSubTask = new Tally();
        Tally single = new Tally();
        long started = System.nanoTime();
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel()) {
            for (int i = 0; i < limit; i++) {
                MultiHopQuestion q = questions.get(i);
                run(
                        q,
                        model,
                        agents,
                        k,
                        threshold,
                        new Random(seed * 1_000_003L + i),
                        d3mas,
                        independent,
                        perSubTask,
                        single);
                if ((i + 1) % 25 == 0 || i + 1 == limit) {
                    System.err.printf(
                            Locale.ROOT,
                            "%d/%d questions, %.0f s%n",
                            i + 1,
                            limit,
                            (System.nanoTime() - started) / 1e9);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "HotpotQA %s: %d questions, %d agents, k=%d, θ=%.2f, BGE-small (int8 ONNX), seed %d%n%n",
                file.getFileName(),
                limit,
                agents,
                k,
                threshold,
                seed);
        System.out.println("| method | memory redundancy (mean per question) | pooled | supporting-paragraph recall"
                + " | distinct paragraphs retrieved per question |");
        System.out.println("|---|---|---|---|---|");
        System.out.println(d3mas.row("D³MAS (retrieval coordination)", limit));
        System.out.println(independent.row("independent agents, whole question", limit));
        System.out.println(perSubTask.row("independent agents, D³MAS's sub-tasks", limit));
        System.out.println(single.row("one retriever", limit));
        System.out.printf(
                Locale.ROOT,
                "%nRATIO D³MAS / independent (whole question) redundancy = %.2f, recall %+.3f;"
                        + " D³MAS / independent per sub-task = %.2f, recall %+.3f%n",
                d3mas.redundancy / Math.max(1e-9, independent.redundancy),
                (d3mas.recall - independent.recall) / limit,
                d3mas.redundancy / Math.max(1e-9, perSubTask.redundancy),
                (d3mas.recall - perSubTask.recall) / limit);
    }

    private static void run(
            MultiHopQuestion q,
            EmbeddingModel model,
            int agentCount,
            int k,
            double threshold,
            Random random,
            Tally d3mas,
            Tally independent,
            Tally perSubTask,
            Tally single) {
        List<Paragraph> dealt = new ArrayList<>(q.paragraphs());
        Collections.shuffle(dealt, random);
        List<String> agents = new ArrayList<>();
        Map<String, List<String>> titles = new HashMap<>();
        for (int a = 0; a < agentCount; a++) {
            agents.add("agent" + a);
            titles.put("agent" + a, new ArrayList<>());
        }
        List<Knowledge> knowledge = new ArrayList<>();
        for (int p = 0; p < dealt.size(); p++) {
            String owner = agents.get(p % agentCount);
            Paragraph par = dealt.get(p);
            titles.get(owner).add(par.title());
            knowledge.add(new Knowledge(owner, par.title() + ": " + par.text(), par.title()));
        }
        InMemoryMemoryStore store = new InMemoryMemoryStore();
        D3Mas.Builder b = D3Mas.builder().embeddingModel(model).memoryStore(store);
        for (String agent : agents) {
            List<String> held = titles.get(agent);
            String profile = held.isEmpty() ? "general knowledge" : "Knows about " + String.join(", ", held);
            b.agent(agent, profile, new RetrievalAgent());
        }
        try (D3Mas team = b.build()) {
            List<String> ids = team.rememberAll(knowledge);
            Map<String, Paragraph> byRecord = new HashMap<>();
            for (int p = 0; p < ids.size(); p++) {
                byRecord.put(ids.get(p), dealt.get(p));
            }
            SolveResult r = team.solve(
                    q.question(),
                    team.settings().toBuilder().topK(k).threshold(threshold).build());

            // D³MAS: its own ledger, from the result
            Map<String, Set<String>> ledger = new HashMap<>();
            for (Retrieval line : r.retrievals()) {
                ledger.computeIfAbsent(line.recordId(), x -> new HashSet<>()).add(line.agentId());
            }
            d3mas.redundancy += r.metrics().memory();
            d3mas.retrieved += ledger.size();
            d3mas.shared += ledger.values().stream().filter(s -> s.size() >= 2).count();
            d3mas.recall += recall(ledger.keySet(), q, byRecord);

            float[] question = model.embed(q.question()).content().vector();
            Map<String, Set<String>> everyone = new HashMap<>();
            for (String agent : agents) {
                for (MemoryHit h : store.search(MemoryQuery.of(question, k, threshold))) {
                    everyone.computeIfAbsent(h.record().id(), x -> new HashSet<>())
                            .add(agent);
                }
            }
            independent.add(everyone, q, byRecord);

            Map<String, Set<String>> bySubTask = new HashMap<>();
            r.assignments()
                    .forEach((taskId, agent) -> r.graph().findNode(taskId).ifPresent(task -> {
                        float[] v = model.embed(task.content()).content().vector();
                        for (MemoryHit h : store.search(MemoryQuery.of(v, k, threshold))) {
                            bySubTask
                                    .computeIfAbsent(h.record().id(), x -> new HashSet<>())
                                    .add(agent);
                        }
                    }));
            perSubTask.add(bySubTask, q, byRecord);

            Map<String, Set<String>> once = new HashMap<>();
            for (MemoryHit h : store.search(MemoryQuery.of(question, k, threshold))) {
                once.computeIfAbsent(h.record().id(), x -> new HashSet<>()).add("retriever");
            }
            single.add(once, q, byRecord);
        }
    }

    static double recall(Set<String> records, MultiHopQuestion q, Map<String, Paragraph> byRecord) {
        long supporting = q.supporting().size();
        if (supporting == 0) {
            return 0;
        }
        long found = records.stream()
                .map(byRecord::get)
                .filter(p -> p != null && p.supporting())
                .count();
        return (double) found / supporting;
    }
}
