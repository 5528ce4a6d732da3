package io.d3mas.agent;

import io.d3mas.InvalidInputException;
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
 * @since 0.1.0
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
            throw new InvalidInputException("confidence must be in [0, 1], was " + confidence);
        }
        if (llmCalls < 0) {
            throw new InvalidInputException("llmCalls must be >= 0, was " + llmCalls);
        }
    }

    /**
     * A step that answered, to complete with the builder; unset parts default to: the conclusion is the answer,
     * confidence 1, no premises, needs or memory, no tokens or calls.
     *
     * <pre>{@code
     * Agent doubler = request -> ReasoningResult.answer("42").confidence(0.9).build();
     * Agent reader = request -> {
     *     MemoryHit best = request.memory().get(0);
     *     return ReasoningResult.answer(best.record().content()).groundedIn(best.record().id()).build();
     * };
     * }</pre>
     *
     * @throws InvalidInputException for a blank answer: use {@link #unanswered} for none
     */
    public static Builder answer(String answer) {
        return new Builder(answer);
    }

    /** A step that found no answer and says what it needs. */
    public static ReasoningResult unanswered(List<String> needs) {
        return new ReasoningResult("", "", List.of(), 0, needs, List.of(), TokenCount.ZERO, 0);
    }

    /** Whether the agent produced a conclusion. */
    public boolean answered() {
        return !conclusion.isBlank();
    }

    /** Completes an answered step ({@link #answer(String)}). */
    public static final class Builder {
        private final String answer;
        private String conclusion;
        private List<String> premises = List.of();
        private double confidence = 1;
        private List<String> needs = List.of();
        private List<String> usedMemoryIds = List.of();
        private TokenCount tokens = TokenCount.ZERO;
        private int llmCalls;

        private Builder(String answer) {
            if (answer == null || answer.isBlank()) {
                throw new InvalidInputException(
                        "an answer must not be blank; return ReasoningResult.unanswered(needs) when there is none");
            }
            this.answer = answer.strip();
            this.conclusion = this.answer;
        }

        /** The statement concluded, when it says more than the short answer. */
        public Builder conclusion(String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException("conclusion must not be blank");
            }
            this.conclusion = value.strip();
            return this;
        }

        /** In [0, 1]; below the solve's minimum confidence the task gets feedback rounds. Default 1. */
        public Builder confidence(double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new InvalidInputException("confidence must be in [0, 1], was " + value);
            }
            this.confidence = value;
            return this;
        }

        /** The statements the conclusion rests on (DEPEND edges to steps that concluded them). */
        public Builder premises(List<String> value) {
            this.premises = List.copyOf(Objects.requireNonNull(value, "premises"));
            return this;
        }

        /** What is still missing (also triggers feedback). */
        public Builder needs(List<String> value) {
            this.needs = List.copyOf(Objects.requireNonNull(value, "needs"));
            return this;
        }

        /** Ids of the retrieved memory records the conclusion rests on (GROUND edges). */
        public Builder groundedIn(String... memoryIds) {
            return groundedIn(List.of(memoryIds));
        }

        /** Ids of the retrieved memory records the conclusion rests on (GROUND edges). */
        public Builder groundedIn(List<String> memoryIds) {
            this.usedMemoryIds = List.copyOf(Objects.requireNonNull(memoryIds, "memoryIds"));
            return this;
        }

        /** What the step spent, as the provider reported it. */
        public Builder usage(TokenCount value, int calls) {
            this.tokens = Objects.requireNonNull(value, "tokens");
            if (calls < 0) {
                throw new InvalidInputException("llmCalls must be >= 0, was " + calls);
            }
            this.llmCalls = calls;
            return this;
        }

        public ReasoningResult build() {
            return new ReasoningResult(
                    answer, conclusion, premises, confidence, needs, usedMemoryIds, tokens, llmCalls);
        }
    }
}
