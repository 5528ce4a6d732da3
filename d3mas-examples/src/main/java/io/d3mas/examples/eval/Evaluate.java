package io.d3mas.examples.eval;

import io.d3mas.ModelUnavailableException;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.examples.Args;
import io.d3mas.examples.DemoTeam;
import io.d3mas.examples.data.EvalDataset;
import io.d3mas.examples.data.EvalItem;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmConfig;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The evaluation harness's command line: runs methods on a benchmark, appends one row per method and item to
 * {@code <out>/results.jsonl} as it goes (an interrupted run continues where it stopped when started again with
 * the same settings), then writes {@code results.json} and {@code report.html}. See {@code docs/evaluation.md}.
 */
public final class Evaluate {

    static final String HELP = String.join(
            "\n",
            "Usage: Evaluate --dataset <name> [options]",
            "",
            "Runs methods on a benchmark with the same model, agents, memory and token budget, and writes",
            "<out>/results.jsonl (one row per method and item, appended; rerun to resume), results.json and",
            "report.html.",
            "",
            "  --dataset NAME        mmlu, arc-challenge, arc-easy, gsm8k, hotpotqa, hotpotqa-train, musique,",
            "                        commongen, humaneval",
            "  --method LIST         comma-separated: single, cot, cot-sc, chain, star, debate, d3mas,",
            "                        d3mas-no-task, d3mas-no-reasoning, d3mas-no-memory, d3mas-no-mp, d3mas-flat,",
            "                        d3mas-no-feedback, d3mas-no-hand-over,",
            "                        retrieval-d3mas, retrieval-d3mas-no-hand-over, retrieval-independent,",
            "                        retrieval-single, retrieval-single-wide; MuSiQue only: d3mas-gold,",
            "                        d3mas-gold-no-hand-over, retrieval-d3mas-gold,",
            "                        retrieval-d3mas-gold-no-hand-over; groups: all,",
            "                        baselines, ablations, retrieval (offline, no LLM)      [default d3mas]",
            "  --agents N            team size, 1-8                                        [default 4]",
            "  --limit N             at most N items, a sample drawn by --seed; 0 = all    [default 0]",
            "  --seed N              item sample and paragraph dealing                     [default 1]",
            "  --repeat N            run every method N times per item (repeat r deals with seed+r) and report",
            "                        mean, spread and paired differences with 95% intervals [default 1]",
            "  --token-budget N      tokens per item, the same for every method; 0 = none  [default 0]",
            "  --out DIR             run folder                          [default eval-runs/<dataset>]",
            "  --data PATH           the dataset file (MMLU: a folder of CSVs)  [default under --data-dir]",
            "  --data-dir DIR        the shared data folder                     [default ../shared/data]",
            "  --samples N           CoT-SC samples                                        [default 5]",
            "  --debate-rounds N     debate rounds                                         [default 2]",
            "  --k N                 memory records per retrieval                          [default 5]",
            "  --threshold X         least cosine of a retrieved record                    [default 0.65]",
            "  --code-timeout-s N    time limit of one HumanEval test run                  [default 10]",
            "  --parallel N          items run at once (methods of an item run in turn)    [default 1]",
            "  --base-url URL        an OpenAI-compatible server (else OPENAI_BASE_URL / OPENAI_API_KEY)",
            "  --model NAME          the chat model (else D3MAS_MODEL, else the library default)",
            "  --help                this text",
            "",
            "The LLM methods need a model: OPENAI_API_KEY for OpenAI, or --base-url / OPENAI_BASE_URL for any",
            "OpenAI-compatible server. The retrieval methods run offline with BGE-small embeddings.",
            "HumanEval completions run only in a separate python3 process with a time limit and no network.");

    static final Set<String> OPTIONS = Set.of(
            "dataset",
            "method",
            "agents",
            "limit",
            "seed",
            "token-budget",
            "out",
            "data",
            "data-dir",
            "samples",
            "debate-rounds",
            "k",
            "threshold",
            "code-timeout-s",
            "base-url",
            "model",
            "parallel",
            "repeat");

    private Evaluate() {}

    public static void main(String[] argv) {
        int code = run(argv, System.getenv(), System.out, System.err, System.console() != null);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the harness.
     *
     * @return 0 when every requested row exists, 1 when the run failed, 2 for bad usage (message on {@code err})
     */
    static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
        if (List.of(argv).contains("--help") || List.of(argv).contains("-h")) {
            out.println(HELP);
            return 0;
        }
        EvalSettings settings;
        Optional<LlmConfig> config;
        List<EvalItem> items;
        try {
            Map<String, String> a = Args.parse(argv, OPTIONS);
            if (!a.containsKey("dataset")) {
                throw new IllegalArgumentException("--dataset is required");
            }
            EvalDataset dataset = EvalDataset.named(a.get("dataset"));
            config = llmConfig(a, env);
            Path data = a.containsKey("data")
                    ? Path.of(a.get("data"))
                    : dataset.defaultPath(Path.of(a.getOrDefault("data-dir", "../shared/data")));
            settings = new EvalSettings(
                    dataset,
                    data,
                    EvalMethod.parse(a.getOrDefault("method", "d3mas")),
                    (int) whole(a, "agents", 4),
                    (int) whole(a, "limit", 0),
                    whole(a, "seed", 1),
                    whole(a, "token-budget", 0),
                    Path.of(a.getOrDefault("out", "eval-runs/" + dataset.cliName())),
                    (int) whole(a, "samples", 5),
                    (int) whole(a, "debate-rounds", 2),
                    (int) whole(a, "k", 5),
                    decimal(a, "threshold", 0.65),
                    Duration.ofSeconds(whole(a, "code-timeout-s", 10)),
                    config.map(c -> c.model(LlmConfig.Role.AGENT)).orElse("none"),
                    (int) whole(a, "parallel", 1),
                    (int) whole(a, "repeat", 1),
                    "");
            if (settings.needsLlm() && config.isEmpty()) {
                throw new IllegalArgumentException("the methods "
                        + settings.methods().stream()
                                .filter(EvalMethod::needsLlm)
                                .map(EvalMethod::cliName)
                                .toList()
                        + " need a chat model: set OPENAI_API_KEY (OpenAI) or pass --base-url / set OPENAI_BASE_URL"
                        + " (any OpenAI-compatible server); the offline methods are --method retrieval");
            }
            items = sample(dataset.load(data), settings.limit(), settings.seed());
            settings = settings.withDataSha256(DataFingerprint.sha256(data));
        } catch (IllegalArgumentException e) { // bad options, and DatasetException
            err.println("error: " + e.getMessage());
            err.println("Run with --help for the options.");
            return 2;
        }
        try {
            return run(settings, config.orElse(null), items, out, err, terminal);
        } catch (ModelUnavailableException e) {
            err.println("error: " + e.getMessage());
            err.println("Fix the key (OPENAI_API_KEY) and rerun the same command: finished items are kept.");
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted; rerun the same command to resume");
            return 1;
        }
    }

    private static int run(
            EvalSettings settings,
            @Nullable LlmConfig config,
            List<EvalItem> items,
            PrintStream out,
            PrintStream err,
            boolean terminal)
            throws InterruptedException {
        @Nullable PythonSandbox sandbox = null;
        if (settings.dataset() == EvalDataset.HUMANEVAL) {
            sandbox = PythonSandbox.find(settings.codeTimeout())
                    .orElseThrow(() -> new IllegalStateException("HumanEval is scored by running the completions"
                            + " with python3, and none was found on the PATH; install python3"));
        }
        try (ResultsFile results = ResultsFile.open(
                        settings, items.stream().map(EvalItem::id).toList());
                BgeEmbeddingModel embeddings = DemoTeam.embeddingModel();
                Llm llm = config == null ? null : llm(config)) {
            if (results.resumed() > 0) {
                err.println("resuming " + settings.out() + ": " + results.resumed() + " rows already there");
            }
            int pending = 0;
            for (int rep = 0; rep < settings.repeats(); rep++) {
                for (EvalItem item : items) {
                    for (EvalMethod m : settings.methods()) {
                        pending += results.done(m, item.id(), rep) ? 0 : 1;
                    }
                }
            }
            err.printf(
                    Locale.ROOT,
                    "%s: %d items, %d methods, %d repeat(s), %d runs to do%n",
                    settings.dataset().cliName(),
                    items.size(),
                    settings.methods().size(),
                    settings.repeats(),
                    pending);
            Progress progress = new Progress(err, terminal, pending);
            MethodRunner runner = new MethodRunner(settings, embeddings, llm, sandbox);
            ExecutorService pool = Executors.newFixedThreadPool(settings.parallel(), r -> {
                Thread t = new Thread(r, "d3mas-eval");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int rep = 0; rep < settings.repeats(); rep++) {
                    for (int i = 0; i < items.size(); i++) {
                        EvalItem item = items.get(i);
                        int repeat = rep;
                        List<EvalMethod> todo = settings.methods().stream()
                                .filter(m -> !results.done(m, item.id(), repeat))
                                .toList();
                        if (!todo.isEmpty()) {
                            int index = i;
                            running.add(pool.submit(() -> {
                                runItem(item, index, repeat, todo, settings, embeddings, runner, results, progress);
                                return null;
                            }));
                        }
                    }
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof InterruptedException ie) {
                    throw ie;
                }
                throw new IllegalStateException("an item failed: " + cause, cause);
            } finally {
                pool.shutdownNow();
            }
            Set<String> sampled = items.stream().map(EvalItem::id).collect(Collectors.toSet());
            List<ResultRow> rows = results.rows().stream()
                    .filter(r -> sampled.contains(r.itemId()) && r.repeat() < settings.repeats())
                    .toList();
            List<Summary> summaries = Summary.of(settings, rows);
            Set<String> requested =
                    settings.methods().stream().map(EvalMethod::cliName).collect(Collectors.toSet());
            List<Paired> comparisons = Paired.headline(
                    rows.stream().filter(r -> requested.contains(r.method())).toList(), settings.topK());
            Summary.write(settings.out().resolve("results.json"), settings, items.size(), summaries, comparisons);
            Report.write(settings.out().resolve("report.html"), settings, items.size(), summaries, comparisons, rows);
            printTable(out, summaries, settings.topK());
            out.println("\nwrote " + settings.out().resolve("results.json") + " and "
                    + settings.out().resolve("report.html"));
            return 0;
        }
    }

    /** Every pending method of one item, in turn, each row appended as soon as it exists. */
    private static void runItem(
            EvalItem item,
            int index,
            int repeat,
            List<EvalMethod> todo,
            EvalSettings settings,
            BgeEmbeddingModel embeddings,
            MethodRunner runner,
            ResultsFile results,
            Progress progress)
            throws InterruptedException {
        try (Workbench bench = new Workbench(item, index, repeat, settings, embeddings)) {
            for (EvalMethod m : todo) {
                ResultRow row = runner.run(m, bench, index);
                results.append(row);
                if (row.failed()) {
                    progress.message(m.cliName() + " failed on " + item.id() + ": " + row.error());
                }
                progress.step(m.cliName());
            }
        }
    }

    private static Optional<LlmConfig> llmConfig(Map<String, String> a, Map<String, String> env) {
        String url = a.get("base-url");
        if (url == null) {
            Optional<LlmConfig> fromEnv = LlmConfig.fromEnvironment(env);
            if (fromEnv.isEmpty() || !a.containsKey("model")) {
                return fromEnv;
            }
            url = fromEnv.get().baseUrl();
        }
        LlmConfig.Builder b = LlmConfig.builder().baseUrl(url);
        String key = env.get("OPENAI_API_KEY");
        if (key != null && !key.isBlank()) {
            b.apiKey(key.strip());
        }
        String model = a.getOrDefault("model", env.get("D3MAS_MODEL"));
        if (model != null && !model.isBlank()) {
            b.model(model.strip());
        }
        return Optional.of(b.build());
    }

    private static Llm llm(LlmConfig config) {
        String model = config.model(LlmConfig.Role.AGENT);
        LlmClient client = LlmClient.builder(config.chatModel(LlmConfig.Role.AGENT))
                .name(model)
                .temperature(0.0)
                .build();
        LlmClient sampler = LlmClient.builder(config.chatModel(LlmConfig.Role.AGENT))
                .name(model + " (sampling)")
                .temperature(0.7)
                .build();
        return new Llm(client, sampler, model);
    }

    /**
     * At most {@code limit} items: a seeded shuffle's first {@code limit}, so a larger limit with the same seed
     * keeps every item of a smaller one (and a resumed run with a larger limit reuses them). 0 keeps all, in order.
     */
    static List<EvalItem> sample(List<EvalItem> items, int limit, long seed) {
        if (limit == 0 || limit >= items.size()) {
            return items;
        }
        List<EvalItem> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(seed));
        return List.copyOf(shuffled.subList(0, limit));
    }

    private static long whole(Map<String, String> a, String name, long fallback) {
        String v = a.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (!name.equals("seed")
                    && !name.equals("token-budget")
                    && (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE)) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + v + "'");
        }
    }

    private static double decimal(Map<String, String> a, String name, double fallback) {
        String v = a.get(name);
        try {
            return v == null ? fallback : Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, was '" + v + "'");
        }
    }

    private static void printTable(PrintStream out, List<Summary> summaries, int topK) {
        out.println("| method | items | errors | accuracy | tokens/item | calls/item | latency p50 ms | memory red."
                + " | reasoning red. | task red. | paragraphs | recall@" + topK + " | supp. recall |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Summary s : summaries) {
            out.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %s | %.0f | %.1f | %.0f | %.3f | %.3f | %.3f | %.2f | %s | %s |%n",
                    s.method(),
                    s.items(),
                    s.errors(),
                    Report.num(s.accuracy()),
                    s.tokens(),
                    s.calls(),
                    s.latencyMedianMs(),
                    s.memoryRedundancy(),
                    s.reasoningRedundancy(),
                    s.taskRedundancy(),
                    s.paragraphs(),
                    Report.num(
                            s.recallAtBudget().isEmpty()
                                    ? null
                                    : s.recallAtBudget().get(Math.min(topK, Summary.MAX_BUDGET) - 1)),
                    Report.num(s.supportingRecall()));
        }
    }
}
