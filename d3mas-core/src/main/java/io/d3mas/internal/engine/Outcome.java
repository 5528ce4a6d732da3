package io.d3mas.internal.engine;

import io.d3mas.agent.ReasoningResult;
import io.d3mas.internal.text.Text;
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

    /**
     * Whether a weak task's new result replaces its outcome: always when it had no answer; otherwise only when the
     * result is answered and surer, or gives the same answer at least as surely (it may have met its needs), so a
     * change of answer needs more confidence than the answer it replaces.
     */
    static boolean replacedBy(@Nullable Outcome previous, ReasoningResult result) {
        if (previous == null || !previous.answered()) {
            return true;
        }
        if (!result.answered()) {
            return false;
        }
        if (result.confidence() > previous.confidence()) {
            return true;
        }
        return result.confidence() >= previous.confidence()
                && Text.normalize(result.answer()).equals(Text.normalize(previous.answer()));
    }

    static Outcome failed(String agentId, String why) {
        return new Outcome(null, agentId, "", "", 0, List.of(why), null, false);
    }
}
