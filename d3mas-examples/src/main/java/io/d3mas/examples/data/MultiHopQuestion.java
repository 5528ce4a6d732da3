package io.d3mas.examples.data;

import java.util.List;
import java.util.Objects;

/**
 * A question with its context paragraphs (HotpotQA distractor setting, MuSiQue).
 *
 * @param id the dataset's id
 * @param question the question text
 * @param answers gold answers (any one counts)
 * @param paragraphs context paragraphs, supporting ones labelled
 * @param decomposition the gold sub-questions in order (MuSiQue), empty when the dataset has none (HotpotQA)
 */
public record MultiHopQuestion(
        String id, String question, List<String> answers, List<Paragraph> paragraphs, List<Hop> decomposition) {
    public MultiHopQuestion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        answers = List.copyOf(answers);
        paragraphs = List.copyOf(paragraphs);
        decomposition = List.copyOf(decomposition);
    }

    /** A question without a gold decomposition. */
    public MultiHopQuestion(String id, String question, List<String> answers, List<Paragraph> paragraphs) {
        this(id, question, answers, paragraphs, List.of());
    }

    /** The paragraphs labelled as supporting. */
    public List<Paragraph> supporting() {
        return paragraphs.stream().filter(Paragraph::supporting).toList();
    }

    /** This question as an evaluation item: a short-answer question with its paragraphs. */
    public static EvalItem toItem(MultiHopQuestion q, String group) {
        return new EvalItem(
                q.id(),
                EvalItem.Kind.SPAN,
                q.question(),
                List.of(),
                q.answers(),
                q.paragraphs(),
                null,
                group,
                q.decomposition());
    }
}
