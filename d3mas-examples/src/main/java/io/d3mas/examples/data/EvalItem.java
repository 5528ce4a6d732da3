package io.d3mas.examples.data;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One benchmark item in a form every method and metric of the evaluation harness understands.
 *
 * @param id the dataset's id (unique within a dataset)
 * @param kind how the answer is scored
 * @param question the question as the dataset states it (for HumanEval the function's prompt; for CommonGen
 *     the instruction with the concepts)
 * @param choices the options of a multiple-choice item, empty otherwise
 * @param answers gold answers: the choice label, the final number, the answer and its aliases, or CommonGen's
 *     concepts; empty for HumanEval, which is scored by its tests
 * @param paragraphs context paragraphs (HotpotQA, MuSiQue), supporting ones labelled; empty otherwise
 * @param code HumanEval's test and entry point, null for other datasets
 * @param group a sub-set for breakdowns (MMLU's subject); empty when the dataset has none
 * @param decomposition the gold sub-questions (MuSiQue), empty for every other dataset
 */
public record EvalItem(
        String id,
        Kind kind,
        String question,
        List<Choice> choices,
        List<String> answers,
        List<Paragraph> paragraphs,
        @Nullable CodeTask code,
        String group,
        List<Hop> decomposition) {

    /** An item without a gold decomposition. */
    public EvalItem(
            String id,
            Kind kind,
            String question,
            List<Choice> choices,
            List<String> answers,
            List<Paragraph> paragraphs,
            @Nullable CodeTask code,
            String group) {
        this(id, kind, question, choices, answers, paragraphs, code, group, List.of());
    }

    /** How an item's answer is scored. */
    public enum Kind {
        /** one label of {@link #choices()}: choice accuracy */
        CHOICE,
        /** the final number of the answer: numeric match */
        NUMBER,
        /** a short answer span: exact match and token F1 against any gold answer */
        SPAN,
        /** a Python function: pass@1 of the dataset's tests, run in a sandboxed process */
        CODE,
        /** a sentence using given concepts: the share of concepts it covers */
        CONCEPTS
    }

    /** One option of a multiple-choice item. */
    public record Choice(String label, String text) {
        public Choice {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * What HumanEval runs against a completion.
     *
     * @param prompt the function signature and docstring the model completes
     * @param test Python defining {@code check(candidate)}
     * @param entryPoint the function's name
     */
    public record CodeTask(String prompt, String test, String entryPoint) {
        public CodeTask {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(test, "test");
            Objects.requireNonNull(entryPoint, "entryPoint");
        }
    }

    public EvalItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(question, "question");
        choices = List.copyOf(choices);
        answers = List.copyOf(answers);
        paragraphs = List.copyOf(paragraphs);
        Objects.requireNonNull(group, "group");
        decomposition = List.copyOf(decomposition);
        if (kind == Kind.CODE && code == null) {
            throw new IllegalArgumentException("item " + id + ": a CODE item needs its CodeTask");
        }
        if (kind == Kind.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("item " + id + ": a CHOICE item needs its choices");
        }
    }

    /**
     * The task as every method sends it to the model: the question, its options, and how to state the answer so
     * that the metric can read it.
     */
    public String prompt() {
        StringBuilder b = new StringBuilder(question.strip());
        if (!choices.isEmpty()) {
            b.append('\n');
            for (Choice c : choices) {
                b.append('\n').append(c.label()).append(". ").append(c.text());
            }
        }
        b.append("\n\n").append(answerFormat());
        return b.toString();
    }

    /** The instruction that ends {@link #prompt()}. */
    public String answerFormat() {
        return switch (kind) {
            case CHOICE ->
                "End your reply with a line \"Answer: <label>\", where <label> is one of "
                        + choices.stream().map(Choice::label).collect(Collectors.joining(", ")) + ".";
            case NUMBER -> "End your reply with a line \"Answer: <number>\".";
            case SPAN -> "End your reply with a line \"Answer: <answer>\", the answer in as few words as possible.";
            case CODE -> "Reply with the complete Python function in one ```python code block.";
            case CONCEPTS -> "End your reply with a line \"Answer: <sentence>\".";
        };
    }
}
