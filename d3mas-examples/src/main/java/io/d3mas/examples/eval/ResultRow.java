package io.d3mas.examples.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One method on one item: a line of {@code results.jsonl}.
 *
 * @param method the method's command-line name
 * @param itemId the item's dataset id
 * @param index the item's position in the run's sample
 * @param group the item's group (MMLU subject, MuSiQue hop type), or empty
 * @param output the method's final answer as the model wrote it
 * @param extracted what the metric read from it
 * @param accuracy the dataset's metric in [0, 1]; null for the retrieval methods, which answer nothing
 * @param f1 token F1 for span answers, else the accuracy
 * @param inputTokens prompt tokens of all calls
 * @param outputTokens completion tokens of all calls
 * @param calls LLM requests
 * @param latencyMs wall time of the method on the item
 * @param memoryRedundancy share of retrieved memory records read by two or more agents
 * @param memoryNodes distinct records retrieved
 * @param reasoningRedundancy share of cross-agent output pairs with cosine above 0.85
 * @param reasoningPairs such pairs
 * @param taskRedundancy share of cross-agent task pairs with cosine above 0.85
 * @param taskPairs such pairs
 * @param supportingRecall share of the supporting paragraphs retrieved; null where the item labels none
 * @param stopped why the method did not make every call (budget, failed calls), or empty
 * @param error why the method failed on this item, or empty; such rows are re-run on resume
 * @param trace the trace viewer page of a D³MAS solve, relative to the run folder, or empty
 * @param supportingRanks where the supporting paragraphs came among the distinct paragraphs the method read, in the
 *     policy's order ({@link Reads#distinctInOrder()}), 1-based: recall at a budget of B paragraphs is the share of
 *     {@code supportingTotal} with a rank up to B
 * @param supportingTotal the supporting paragraphs the item labels (0 where it labels none)
 * @param repeat which repeat of the run ({@code --repeat}), from 0
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ResultRow(
        String method,
        String itemId,
        int index,
        String group,
        String output,
        String extracted,
        @Nullable Double accuracy,
        @Nullable Double f1,
        long inputTokens,
        long outputTokens,
        int calls,
        long latencyMs,
        double memoryRedundancy,
        int memoryNodes,
        double reasoningRedundancy,
        int reasoningPairs,
        double taskRedundancy,
        int taskPairs,
        @Nullable Double supportingRecall,
        String stopped,
        String error,
        String trace,
        List<Integer> supportingRanks,
        int supportingTotal,
        int repeat) {

    public ResultRow {
        supportingRanks = supportingRanks == null ? List.of() : List.copyOf(supportingRanks);
    }

    /**
     * Recall of the supporting paragraphs within the first {@code budget} distinct paragraphs the method read; null
     * where the item labels none.
     */
    public @Nullable Double recallAt(int budget) {
        if (supportingTotal == 0) {
            return null;
        }
        return (double) supportingRanks.stream().filter(r -> r <= budget).count() / supportingTotal;
    }

    /** Input plus output tokens. */
    public long tokens() {
        return inputTokens + outputTokens;
    }

    /**
     * This row without its texts (output, extracted answer): what the summary needs, kept in memory for a whole run
     * while the texts stay in the file.
     */
    ResultRow withoutTexts() {
        return new ResultRow(
                method,
                itemId,
                index,
                group,
                "",
                "",
                accuracy,
                f1,
                inputTokens,
                outputTokens,
                calls,
                latencyMs,
                memoryRedundancy,
                memoryNodes,
                reasoningRedundancy,
                reasoningPairs,
                taskRedundancy,
                taskPairs,
                supportingRecall,
                stopped,
                error,
                trace,
                supportingRanks,
                supportingTotal,
                repeat);
    }

    /** Whether the method failed on the item (and the row counts as not done). */
    public boolean failed() {
        return !error.isEmpty();
    }
}
