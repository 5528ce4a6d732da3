package io.d3mas.examples.eval;

import io.d3mas.examples.data.EvalDataset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One evaluation run's settings, validated.
 *
 * @param dataset which benchmark
 * @param data its file (or MMLU folder)
 * @param methods the methods to run, in order
 * @param agents team size (for single-agent methods, the size of the team whose memory they search)
 * @param limit at most this many items (0 = all), sampled by {@code seed}
 * @param seed the item sample and the dealing of paragraphs to agents
 * @param tokenBudget tokens per item and method (0 = no limit): the same for every method
 * @param out the run's folder (results are appended there; a rerun resumes)
 * @param samples CoT-SC's sample count
 * @param debateRounds rounds of the debate baseline
 * @param topK memory records per retrieval
 * @param threshold the least cosine similarity of a retrieved record
 * @param codeTimeout the time limit of one HumanEval test run
 * @param model the chat model's name, recorded so that a resumed run uses the same one
 * @param parallel items run at once (each item's methods run one after another); does not change results
 * @param repeats how many times every method runs on every item; repeat r deals the paragraphs with seed
 *     {@code seed + r} (the item sample stays the one {@code seed} draws), so a summary reports a mean and spread
 * @param dataSha256 the SHA-256 of the data file (of every file of an MMLU folder, in name order): a run folder's
 *     rows are of one split only
 */
public record EvalSettings(
        EvalDataset dataset,
        Path data,
        List<EvalMethod> methods,
        int agents,
        int limit,
        long seed,
        long tokenBudget,
        Path out,
        int samples,
        int debateRounds,
        int topK,
        double threshold,
        Duration codeTimeout,
        String model,
        int parallel,
        int repeats,
        String dataSha256) {

    /** The most agents a team may have: the general roster's size. */
    public static final int MAX_AGENTS = Roster.GENERAL.size();

    public EvalSettings {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(data, "data");
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("--method: name at least one method; known: " + EvalMethod.known());
        }
        if (agents < 1 || agents > MAX_AGENTS) {
            throw new IllegalArgumentException("--agents must be between 1 and " + MAX_AGENTS + ", was " + agents);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0 (0 = every item), was " + limit);
        }
        if (tokenBudget < 0) {
            throw new IllegalArgumentException("--token-budget must be >= 0 (0 = no limit), was " + tokenBudget);
        }
        Objects.requireNonNull(out, "out");
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be at least 1, was " + samples);
        }
        if (debateRounds < 1) {
            throw new IllegalArgumentException("--debate-rounds must be at least 1, was " + debateRounds);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("--k must be at least 1, was " + topK);
        }
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be a cosine in [-1, 1], was " + threshold);
        }
        if (codeTimeout.isNegative() || codeTimeout.isZero()) {
            throw new IllegalArgumentException("--code-timeout-s must be positive, was " + codeTimeout.toSeconds());
        }
        Objects.requireNonNull(model, "model");
        if (repeats < 1 || repeats > 100) {
            throw new IllegalArgumentException("--repeat must be between 1 and 100, was " + repeats);
        }
        Objects.requireNonNull(dataSha256, "dataSha256");
        if (parallel < 1 || parallel > 64) {
            throw new IllegalArgumentException("--parallel must be between 1 and 64, was " + parallel);
        }
        for (EvalMethod m : methods) {
            if (!m.needsLlm() && !dataset.multiHop()) {
                throw new IllegalArgumentException("method " + m.cliName() + " measures retrieval over context"
                        + " paragraphs, which only hotpotqa, hotpotqa-train and musique have; dataset was "
                        + dataset.cliName());
            }
        }
        for (EvalMethod m : methods) {
            if (m.goldDecomposition() && dataset != EvalDataset.MUSIQUE) {
                throw new IllegalArgumentException("method " + m.cliName() + " replays a gold decomposition, which only"
                        + " musique has; dataset was " + dataset.cliName());
            }
        }
        if (methods.stream().anyMatch(m -> !m.needsLlm()) && agents < 2) {
            throw new IllegalArgumentException("the retrieval methods compare agents: --agents must be at least 2");
        }
    }

    /** These settings for data whose content has the given SHA-256 ({@link DataFingerprint}). */
    EvalSettings withDataSha256(String sha256) {
        return new EvalSettings(
                dataset,
                data,
                methods,
                agents,
                limit,
                seed,
                tokenBudget,
                out,
                samples,
                debateRounds,
                topK,
                threshold,
                codeTimeout,
                model,
                parallel,
                repeats,
                sha256);
    }

    /** Whether any method needs a chat model. */
    public boolean needsLlm() {
        return methods.stream().anyMatch(EvalMethod::needsLlm);
    }

    /**
     * The settings that decide every row's result. A run folder holds rows of one such set only: resuming with
     * other values would mix incomparable rows, so {@link ResultsFile} refuses it. Methods, limit and repeats may
     * change; the data file may move, but its content may not.
     */
    public Map<String, Object> identity() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset.cliName());
        m.put(
                "data",
                data.getFileName() == null
                        ? data.toString()
                        : data.getFileName().toString());
        m.put("dataSha256", dataSha256);
        m.put("agents", agents);
        m.put("seed", seed);
        m.put("tokenBudget", tokenBudget);
        m.put("samples", samples);
        m.put("debateRounds", debateRounds);
        m.put("topK", topK);
        m.put("threshold", threshold);
        m.put("model", model);
        return m;
    }
}
