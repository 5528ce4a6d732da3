package io.d3mas.llm;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.checkpoint.FileCheckpointStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JVM that {@link CheckpointKillTest} starts and kills: {@code <baseUrl> <dir> solve} solves the two-hop
 * question against the server with checkpoints in {@code dir}, printing {@code SOLVE <id>} as soon as the id is
 * known; {@code <baseUrl> <dir> resume <id>} finishes it. Both print {@code ANSWER <answer>} at the end.
 */
public final class CheckpointChild {

    private CheckpointChild() {}

    public static void main(String[] args) throws Exception {
        LlmConfig config = LlmConfig.builder()
                .baseUrl(args[0])
                .apiKey(TestClients.KEY)
                .model("test-model")
                .callTimeout(Duration.ofSeconds(20))
                .build();
        AtomicBoolean announced = new AtomicBoolean();
        try (LlmClient client = config.client(LlmConfig.Role.AGENT);
                D3Mas team = D3Mas.builder()
                        .embeddingModel(new WordHashEmbeddingModel())
                        .decomposer(new LlmDecomposer(client))
                        .synthesizer(new LlmSynthesizer(client))
                        .agent("geo", "Geography: countries, capital cities, rivers", LlmAgent.of(client))
                        .agent("history", "History: kings, wars, dates, capital cities", LlmAgent.of(client))
                        .withoutMessagePassing()
                        .settings(LlmSolveTest.SETTINGS.toBuilder()
                                .maxConcurrency(1)
                                .build())
                        .checkpoints(new FileCheckpointStore(Path.of(args[1])))
                        .listener(e -> {
                            if (announced.compareAndSet(false, true)) {
                                System.out.println("SOLVE " + e.solveId());
                                System.out.flush();
                            }
                        })
                        .build()) {
            team.remember("geo", "Paris is the capital city of France.", "atlas");
            team.remember("geo", "The Seine is the river that flows through Paris.", "atlas");
            team.remember("history", "Paris became the capital of France under Clovis.", "chronicle");
            SolveResult r = args[2].equals("resume") ? team.resume(args[3]) : team.solve(LlmSolveTest.QUESTION);
            System.out.println("ANSWER " + r.answer());
            System.out.flush();
        }
    }
}
