package io.d3mas.internal.engine;

import io.d3mas.D3Mas;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.agent.Agent;
import io.d3mas.agent.ReasoningRequest;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.metrics.TokenCount;
import io.d3mas.task.Decomposer;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Scripted decomposers and agents for the engine tests: exact, deterministic, no model. */
final class Scripted {

    static final WordHashEmbeddingModel MODEL = new WordHashEmbeddingModel();

    private Scripted() {}

    /** Splits the tasks whose text is a key, once (not again below itself); every other task is atomic. */
    static Decomposer decomposer(Map<String, List<SubTask>> splits) {
        return request -> {
            List<SubTask> subs = request.ancestors().contains(request.task()) ? null : splits.get(request.task());
            return subs == null ? Decomposition.atomicTask() : Decomposition.of(subs);
        };
    }

    static ReasoningResult answer(String answer, String conclusion, double confidence, List<String> premises) {
        return new ReasoningResult(answer, conclusion, premises, confidence, List.of(), List.of(), TokenCount.ZERO, 0);
    }

    static ReasoningResult answer(String answer, double confidence) {
        return answer(answer, answer, confidence, List.of());
    }

    /** An agent that answers from a table keyed by task text, records every request and is unanswered otherwise. */
    static final class TableAgent implements Agent {
        final Map<String, String> answers;
        final List<ReasoningRequest> requests = new CopyOnWriteArrayList<>();

        TableAgent(Map<String, String> answers) {
            this.answers = answers;
        }

        @Override
        public ReasoningResult reason(ReasoningRequest request) {
            requests.add(request);
            String a = answers.get(request.task());
            return a == null ? ReasoningResult.unanswered(List.of(request.task())) : answer(a, 0.9);
        }

        List<String> tasks() {
            return requests.stream().map(ReasoningRequest::task).toList();
        }
    }

    static D3Mas.Builder team() {
        return D3Mas.builder().embeddingModel(MODEL).withoutMessagePassing();
    }
}
