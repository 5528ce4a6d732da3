package io.d3mas.synthesis;

import java.util.List;
import java.util.Objects;

/**
 * @param query the user's query
 * @param conclusions answered conclusions, most relevant first; the task order of the decomposition is kept
 *     in {@link RankedConclusion#taskId()}
 */
public record SynthesisRequest(String query, List<RankedConclusion> conclusions) {
    public SynthesisRequest {
        Objects.requireNonNull(query, "query");
        conclusions = List.copyOf(Objects.requireNonNull(conclusions, "conclusions"));
    }
}
