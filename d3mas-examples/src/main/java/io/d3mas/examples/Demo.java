package io.d3mas.examples;

import io.d3mas.D3Mas;
import io.d3mas.ModelUnavailableException;
import io.d3mas.SolveResult;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmConfig;
import io.d3mas.trace.TraceJson;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo (README command 1): five agents with their own memories answer multi-hop questions together on
 * BGE-small embeddings on ONNX Runtime. Offline (no LLM, no network) unless {@code OPENAI_API_KEY} or
 * {@code OPENAI_BASE_URL} is set: then the decomposer, the agents and the synthesizer are LLMs
 * ({@link LlmConfig#fromEnvironment()}).
 *
 * <p>Usage: {@code Demo ["your question" …]}. Without arguments it answers the shipped questions. Writes
 * each trace as JSON, with its trace viewer page, under {@code target/d3mas-traces/} (or the directory in
 * {@code -Dd3mas.traces}).
 */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args, LlmConfig.fromEnvironment(), System.out);
        } catch (ModelUnavailableException e) {
            // a refused key: one line that says what to fix, not a stack trace
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Runs the demo: offline, or with the LLM components when {@code llm} is present.
     *
     * @return the number of shipped questions answered correctly
     */
    static int run(String[] args, Optional<LlmConfig> llm, PrintStream out) throws Exception {
        long start = System.nanoTime();
        List<String> questions = args.length > 0
                ? List.of(args)
                : DemoKnowledge.questions().stream()
                        .map(DemoKnowledge.Question::text)
                        .toList();
        Path traces = Path.of(System.getProperty("d3mas.traces", "target/d3mas-traces"));
        Files.createDirectories(traces);
        Map<String, LlmClient> clients = new LinkedHashMap<>();
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel();
                D3Mas team = DemoTeam.build(model, llm, clients)) {
            out.println("D3MAS demo: " + team.agents().size() + " agents, "
                    + DemoKnowledge.knowledge().size()
                    + " facts, BGE-small on ONNX Runtime, "
                    + llm.map(c -> "LLM components on " + c).orElse("offline: no LLM (extractive agents)"));
            int right = 0;
            int known = 0;
            for (int i = 0; i < questions.size(); i++) {
                String q = questions.get(i);
                out.println();
                out.println("=== Q" + (i + 1) + ": " + q);
                SolveResult r = team.solve(q);
                TraceReport.print(r, out);
                Path file = traces.resolve("trace-" + (i + 1) + ".json");
                TraceJson.write(r, false, file); // the outcome, without the 384 numbers per node
                Path page = traces.resolve("trace-" + (i + 1) + ".html");
                TraceViewer.write(r.trace(), "Question " + (i + 1), page);
                out.println("Trace: " + file.toAbsolutePath() + " (viewer: " + page.getFileName() + ")");
                for (DemoKnowledge.Question expected : DemoKnowledge.questions()) {
                    if (expected.text().equals(q)) {
                        known++;
                        boolean ok = expected.isAnsweredBy(r.answer());
                        right += ok ? 1 : 0;
                        out.println(
                                "Expected: " + String.join(" or ", expected.expected()) + (ok ? "  OK" : "  MISSED"));
                    }
                }
            }
            out.println();
            if (known > 0) {
                out.println("Correct: " + right + " of " + known + " shipped questions");
            }
            out.printf("Done in %.1f s%n", (System.nanoTime() - start) / 1e9);
            return right;
        } finally {
            clients.values().forEach(LlmClient::close);
        }
    }
}
