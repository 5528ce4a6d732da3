package io.d3mas.agent;

import io.d3mas.metrics.TokenCount;
import java.util.List;
import java.util.Objects;

/**
 * An agent's reasoning step.
 *
 * @param answer the short answer (fills the task's place in tasks that depend on it); empty when the agent
 *     could not answer
 * @param conclusion the statement concluded; empty when the agent could not answer
 * @param premises the statements the conclusion rests on; a premise that matches another step's conclusion
 *     becomes a DEPEND edge
 * @param confidence in [0, 1]; below the solve's minimum confidence the task gets feedback rounds
 * @param needs what is still missing; non-empty needs also trigger feedback
 * @param usedMemoryIds ids of the retrieved memory records the conclusion rests on (GROUND edges); ids that
 *     were not retrieved for this task are ignored with a warning
 * @param tokens tokens spent, as the provider reported them
 * @param llmCalls LLM calls made
 */
public record ReasoningResult(
        String answer,
        String conclusion,
        List<String> premises,
        double confidence,
        List<String> needs,
        List<String> usedMemoryIds,
        TokenCount tokens,
        int llmCalls) {

    public ReasoningResult {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(conclusion, "conclusion");
        premises = List.copyOf(Objects.requireNonNull(premises, "premises"));
        needs = List.copyOf(Objects.requireNonNull(needs, "needs"));
        usedMemoryIds = List.copyOf(Objects.requireNonNull(usedMemoryIds, "usedMemoryIds"));
        Objects.requireNonNull(tokens, "tokens");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], was " + confidence);
        }
        if (llmCalls < 0) {
            throw new IllegalArgumentException("llmCalls must be >= 0, was " + llmCalls);
        }
    }

    /** A step that found no answer and says what it needs. */
    public static ReasoningResult unanswered(List<String> needs) {
        return new ReasoningResult("", "", List.of(), 0, needs, List.of(), TokenCount.ZERO, 0);
    }

    /** Whether the agent produced a conclusion. */
    public boolean answered() {
        return !conclusion.isBlank();
    }
}
