package io.d3mas.llm.mcp;

import io.d3mas.D3Mas;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.agent.ReasoningResult;
import java.nio.file.Path;
import java.util.List;

/** The JVM {@link McpSolveServerTest} starts: a small offline team served over stdio until its input closes. */
public final class SolveServerChild {

    private SolveServerChild() {}

    public static void main(String[] args) throws Exception {
        try (D3Mas team = D3Mas.builder()
                        .embeddingModel(new WordHashEmbeddingModel())
                        .agent(
                                "geo",
                                "Geography: capitals and rivers",
                                request -> request.task().contains("capital")
                                        ? ReasoningResult.answer("Paris")
                                                .conclusion("Paris is the capital of France.")
                                                .build()
                                        : ReasoningResult.unanswered(List.of("a geography question")))
                        .build();
                McpSolveServer server =
                        McpSolveServer.builder(team).traces(Path.of(args[0])).stdio()) {
            server.awaitInputClosed();
        }
    }
}
