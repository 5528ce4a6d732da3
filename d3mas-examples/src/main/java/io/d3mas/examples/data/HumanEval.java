package io.d3mas.examples.data;

import java.nio.file.Path;
import java.util.List;

/**
 * HumanEval: gzip (or plain) JSON lines with {@code task_id}, {@code prompt}, {@code test},
 * {@code entry_point}. The canonical solution is not read. Completions are scored by {@code PythonSandbox},
 * never in this JVM.
 */
public final class HumanEval {

    private static final String DATASET = "HumanEval";

    private HumanEval() {}

    /** @throws DatasetException when the file is missing or an item lacks a field */
    public static List<EvalItem> load(Path file) {
        return JsonLines.read(file, DATASET, (node, where) -> {
            String prompt = JsonLines.text(node, "prompt", where, DATASET);
            EvalItem.CodeTask code = new EvalItem.CodeTask(
                    prompt,
                    JsonLines.text(node, "test", where, DATASET),
                    JsonLines.text(node, "entry_point", where, DATASET));
            return new EvalItem(
                    JsonLines.text(node, "task_id", where, DATASET),
                    EvalItem.Kind.CODE,
                    "Complete this Python function.\n```python\n" + prompt + "```",
                    List.of(),
                    List.of(),
                    List.of(),
                    code,
                    "");
        });
    }
}
