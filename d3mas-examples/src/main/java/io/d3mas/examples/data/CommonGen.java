package io.d3mas.examples.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CommonGen v1.0: JSON lines {@code {"concept_set": "field_N#look_V#stand_V", "scene": [...]}}. The concepts
 * (without their {@code _N}/{@code _V} tags) are the gold; the task is one everyday sentence using all of them.
 * Items are numbered by their line.
 */
public final class CommonGen {

    private static final String DATASET = "CommonGen";

    private CommonGen() {}

    /** @throws DatasetException when the file is missing or a line has no concept set */
    public static List<EvalItem> load(Path file) {
        int[] n = {0};
        return JsonLines.read(file, DATASET, (node, where) -> {
            String set = JsonLines.text(node, "concept_set", where, DATASET);
            List<String> concepts = new ArrayList<>();
            for (String c : set.split("#")) {
                String word = c.strip().replaceFirst("_[A-Z]+$", "");
                if (!word.isEmpty()) {
                    concepts.add(word);
                }
            }
            if (concepts.isEmpty()) {
                throw new DatasetException(where + " has an empty concept_set");
            }
            return new EvalItem(
                    "commongen/" + n[0]++,
                    EvalItem.Kind.CONCEPTS,
                    "Write one short, natural sentence about an everyday scene that uses all of these concepts: "
                            + String.join(", ", concepts) + ".",
                    List.of(),
                    concepts,
                    List.of(),
                    null,
                    "");
        });
    }
}
