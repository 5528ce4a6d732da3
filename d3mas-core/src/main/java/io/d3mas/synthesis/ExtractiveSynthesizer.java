package io.d3mas.synthesis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offline synthesizer: the final answer is the answers of the terminal tasks (those no other task
 * depends on), best conclusion per task, in task order, joined with "; ". With no terminal answer it falls
 * back to the most relevant conclusion. No model, no tokens. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class ExtractiveSynthesizer implements Synthesizer {

    @Override
    public Synthesis synthesize(SynthesisRequest request) {
        Map<String, RankedConclusion> bestPerTask = new LinkedHashMap<>();
        for (RankedConclusion c : request.conclusions()) {
            if (c.terminal() && !c.answer().isBlank()) {
                bestPerTask.merge(c.taskId(), c, (a, b) -> better(b, a) ? b : a);
            }
        }
        if (bestPerTask.isEmpty()) {
            RankedConclusion top = request.conclusions().isEmpty()
                    ? null
                    : request.conclusions().get(0);
            return top == null
                    ? Synthesis.of("", List.of())
                    : Synthesis.of(top.answer(), List.of(top.reasoningNodeId()));
        }
        List<RankedConclusion> ordered = new ArrayList<>(bestPerTask.values());
        ordered.sort(Comparator.comparingInt(c -> taskOrder(c.taskId())));
        Set<String> answers = new LinkedHashSet<>();
        List<String> used = new ArrayList<>();
        for (RankedConclusion c : ordered) {
            if (answers.add(c.answer())) {
                used.add(c.reasoningNodeId());
            }
        }
        return Synthesis.of(String.join("; ", answers), used);
    }

    private static boolean better(RankedConclusion a, RankedConclusion b) {
        return a.confidence() != b.confidence() ? a.confidence() > b.confidence() : a.relevance() > b.relevance();
    }

    /** Task ids are "t" + creation number: creation order is decomposition order. */
    private static int taskOrder(String taskId) {
        try {
            return Integer.parseInt(taskId.substring(1));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}
