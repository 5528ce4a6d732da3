package io.d3mas.synthesis;

import io.d3mas.Budget;
import java.util.List;
import java.util.Objects;

/**
 * @param query the user's query
 * @param conclusions answered conclusions, most relevant first; the task order of the decomposition is kept
 *     in {@link RankedConclusion#taskId()}
 * @param budget what the solve may still spend; a synthesizer that calls an LLM asks it for a permit per call
 * @since 0.1.0
 */
public record SynthesisRequest(String query, List<RankedConclusion> conclusions, Budget budget) {
    public SynthesisRequest {
        Objects.requireNonNull(query, "query");
        conclusions = List.copyOf(Objects.requireNonNull(conclusions, "conclusions"));
        Objects.requireNonNull(budget, "budget");
    }

    /** A request with no spending limit (outside a solve: tests, tools). */
    public SynthesisRequest(String query, List<RankedConclusion> conclusions) {
        this(query, conclusions, Budget.unlimited());
    }
}
