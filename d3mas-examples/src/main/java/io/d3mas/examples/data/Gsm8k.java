package io.d3mas.examples.data;

import java.nio.file.Path;
import java.util.List;

/**
 * GSM8K: JSON lines {@code {"question", "answer"}}, where the answer's last line is {@code #### <number>}. The
 * gold is that number without thousands separators. Items are numbered by their line.
 */
public final class Gsm8k {

    private static final String DATASET = "GSM8K";

    private Gsm8k() {}

    /** @throws DatasetException when the file is missing or an answer has no {@code ####} line */
    public static List<EvalItem> load(Path file) {
        int[] n = {0};
        return JsonLines.read(file, DATASET, (node, where) -> {
            String answer = JsonLines.text(node, "answer", where, DATASET);
            int mark = answer.lastIndexOf("####");
            if (mark < 0) {
                throw new DatasetException(where + ": the answer has no '#### <number>' line; not a GSM8K item");
            }
            String number = answer.substring(mark + 4).strip().replace(",", "");
            return new EvalItem(
                    "gsm8k/" + n[0]++,
                    EvalItem.Kind.NUMBER,
                    JsonLines.text(node, "question", where, DATASET),
                    List.of(),
                    List.of(number),
                    List.of(),
                    null,
                    "");
        });
    }
}
