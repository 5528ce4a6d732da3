package io.d3mas.examples.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The benchmarks the evaluation harness reads, with where each lives under the shared data folder. */
public enum EvalDataset {
    MMLU("mmlu", "mmlu/test"),
    ARC_CHALLENGE("arc-challenge", "arc_challenge/ARC-Challenge-Test.jsonl"),
    ARC_EASY("arc-easy", "arc_easy/ARC-Easy-Test.jsonl"),
    GSM8K("gsm8k", "gsm8k/test.jsonl"),
    /** IRCoT's 500-question dev sample (paragraph-level supporting labels) */
    HOTPOTQA("hotpotqa", "hotpotqa/" + HotpotQa.DEV_FILE),
    /** the original-format train sample (sentence-level labels made paragraph-level) */
    HOTPOTQA_TRAIN("hotpotqa-train", "hotpotqa/hotpotqa_train_distractor_sample100.json"),
    MUSIQUE("musique", "musique/musique_ans_train_sample100.jsonl"),
    COMMONGEN("commongen", "commongen/commongen.test.jsonl"),
    HUMANEVAL("humaneval", "humaneval/HumanEval.jsonl.gz");

    private final String cliName;
    private final String relativePath;

    EvalDataset(String cliName, String relativePath) {
        this.cliName = cliName;
        this.relativePath = relativePath;
    }

    /** The name on the command line and in results. */
    public String cliName() {
        return cliName;
    }

    /** Where the dataset is under a data folder laid out like {@code ../shared/data}. */
    public Path defaultPath(Path dataRoot) {
        return dataRoot.resolve(relativePath);
    }

    /** Whether items carry context paragraphs with supporting labels. */
    public boolean multiHop() {
        return this == HOTPOTQA || this == HOTPOTQA_TRAIN || this == MUSIQUE;
    }

    /**
     * Loads every item, in the file's order.
     *
     * @param path a file, or for MMLU a folder of subject files
     * @throws DatasetException when the path is missing or not in this dataset's format
     */
    public List<EvalItem> load(Path path) {
        return switch (this) {
            case MMLU -> Mmlu.load(path);
            case ARC_CHALLENGE, ARC_EASY -> Arc.load(path);
            case GSM8K -> Gsm8k.load(path);
            case HOTPOTQA, HOTPOTQA_TRAIN ->
                HotpotQa.load(path).stream()
                        .map(q -> MultiHopQuestion.toItem(q, ""))
                        .toList();
            case MUSIQUE -> Musique.load(path);
            case COMMONGEN -> CommonGen.load(path);
            case HUMANEVAL -> HumanEval.load(path);
        };
    }

    /** @throws IllegalArgumentException naming the known datasets */
    public static EvalDataset named(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (EvalDataset d : values()) {
            if (d.cliName.equals(n)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "'; known: "
                + Arrays.stream(values()).map(EvalDataset::cliName).collect(Collectors.joining(", ")));
    }
}
