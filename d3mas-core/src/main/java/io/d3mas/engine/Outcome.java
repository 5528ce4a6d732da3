package io.d3mas.engine;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The latest conclusion of a work item.
 *
 * @param reasoningNodeId the REASONING node, or null when every agent failed
 * @param conclusionEmbedding embedding of the conclusion as concluded (before message passing), or null
 */
record Outcome(
        @Nullable String reasoningNodeId,
        String agentId,
        String answer,
        String conclusion,
        double confidence,
        List<String> needs,
        float @Nullable [] conclusionEmbedding,
        boolean reused) {

    boolean answered() {
        return !conclusion.isBlank() && reasoningNodeId != null;
    }

    Outcome withConclusionEmbedding(float[] h) {
        return new Outcome(reasoningNodeId, agentId, answer, conclusion, confidence, needs, h, reused);
    }

    static Outcome failed(String agentId, String why) {
        return new Outcome(null, agentId, "", "", 0, List.of(why), null, false);
    }
}
