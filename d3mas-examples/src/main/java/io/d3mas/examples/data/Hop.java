package io.d3mas.examples.data;

import java.util.Objects;

/**
 * One step of a multi-hop question's gold decomposition (MuSiQue's {@code question_decomposition}).
 *
 * @param question the sub-question; {@code #k} stands for the answer of hop k (1-based), and MuSiQue writes some
 *     hops as {@code "entity >> relation"}
 * @param answer the gold answer of this hop
 * @param paragraph the index of the paragraph that supports it, or -1 when the dataset gives none
 */
public record Hop(String question, String answer, int paragraph) {
    public Hop {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
    }
}
