package io.d3mas.examples;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.trace.TraceJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The offline demo (README command 1): five agents with their own memories answer multi-hop questions
 * together, with no LLM and no network, on BGE-small embeddings on ONNX Runtime.
 *
 * <p>Usage: {@code Demo ["your question" …]}. Without arguments it answers the shipped questions. Writes
 * each trace as JSON under {@code target/d3mas-traces/} (or the directory in {@code -Dd3mas.traces}).
 */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        List<String> questions = args.length > 0
                ? List.of(args)
                : DemoKnowledge.questions().stream()
                        .map(DemoKnowledge.Question::text)
                        .toList();
        Path traces = Path.of(System.getProperty("d3mas.traces", "target/d3mas-traces"));
        Files.createDirectories(traces);
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel();
                D3Mas team = DemoTeam.build(model)) {
            System.out.println("D3MAS offline demo: " + team.agents().size() + " agents, "
                    + DemoKnowledge.knowledge().size()
                    + " facts, no LLM (extractive agents), BGE-small on ONNX Runtime");
            int right = 0;
            int known = 0;
            for (int i = 0; i < questions.size(); i++) {
                String q = questions.get(i);
                System.out.println();
                System.out.println("=== Q" + (i + 1) + ": " + q);
                SolveResult r = team.solve(q);
                TraceReport.print(r, System.out);
                Path file = traces.resolve("trace-" + (i + 1) + ".json");
                TraceJson.write(r.trace(), file);
                System.out.println("Trace: " + file.toAbsolutePath());
                for (DemoKnowledge.Question expected : DemoKnowledge.questions()) {
                    if (expected.text().equals(q)) {
                        known++;
                        boolean ok = expected.isAnsweredBy(r.answer());
                        right += ok ? 1 : 0;
                        System.out.println(
                                "Expected: " + String.join(" or ", expected.expected()) + (ok ? "  OK" : "  MISSED"));
                    }
                }
            }
            System.out.println();
            if (known > 0) {
                System.out.println("Correct: " + right + " of " + known + " shipped questions");
            }
            System.out.printf("Done in %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
    }
}
