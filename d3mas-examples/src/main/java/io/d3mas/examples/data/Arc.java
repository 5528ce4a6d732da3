package io.d3mas.examples.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ARC-Challenge and ARC-Easy in the original JSON-lines schema ({@code id}, {@code question.stem},
 * {@code question.choices[].label/text}, {@code answerKey}). Labels are kept as the file has them (A–E or 1–5):
 * the model is shown them and answers with one.
 */
public final class Arc {

    private static final String DATASET = "ARC";

    private Arc() {}

    /** @throws DatasetException when the file is missing, or an item lacks a field or its answer is no label */
    public static List<EvalItem> load(Path file) {
        return JsonLines.read(file, DATASET, Arc::item);
    }

    private static EvalItem item(JsonNode n, String where) {
        String id = JsonLines.text(n, "id", where, DATASET);
        JsonNode q = n.get("question");
        if (q == null || !q.isObject()) {
            throw new DatasetException(where + " has no object field 'question'; not an ARC item");
        }
        String stem = JsonLines.text(q, "stem", where, DATASET);
        List<EvalItem.Choice> choices = new ArrayList<>();
        for (JsonNode c : JsonLines.array(q, "choices", where, DATASET)) {
            choices.add(new EvalItem.Choice(
                    JsonLines.text(c, "label", where, DATASET).strip(), JsonLines.text(c, "text", where, DATASET)));
        }
        String key = JsonLines.text(n, "answerKey", where, DATASET).strip();
        if (choices.stream().noneMatch(c -> c.label().equals(key))) {
            throw new DatasetException(
                    where + " (" + id + ") has answerKey '" + key + "', which is none of its labels");
        }
        return new EvalItem(id, EvalItem.Kind.CHOICE, stem, choices, List.of(key), List.of(), null, "");
    }
}
