package io.d3mas.examples;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.embed.EmbeddingTuning;
import io.d3mas.examples.eval.CoordinationBenchmark;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Embedding throughput (issues 4 and 23): texts per second on 2,000 sentences of 10–40 words, for d3mas-embed's
 * {@link BgeEmbeddingModel} with default settings (calibrated on its first build, with a fresh tuning cache),
 * langchain4j's in-process {@link OnnxEmbeddingModel} on the same ONNX file, and raw ONNX Runtime sessions fed
 * length-sorted batches: every intra-op thread setting (default, 1, cores) × batches at once (1, cores) × batch
 * size (1–64) on a quarter of the texts, then the best of them on all (the limit). Medians of 3 runs each; the
 * CPU model, cores and vector flags; peak RSS at the end.
 *
 * <p>Run: {@code mvn -q -DskipTests package exec:java -pl d3mas-examples -am
 * -Dexec.mainClass=io.d3mas.examples.EmbeddingBenchmark}
 */
public final class EmbeddingBenchmark {

    private static final String[] WORDS =
            ("agent memory graph task river mountain library engineer committee vector index database query answer"
                            + " reason premise conclusion team protocol network server client request response latency"
                            + " throughput budget token model layer message passing embedding cluster shard replica write read"
                            + " the a of in on with for to from by and or but because while after before during under over"
                            + " quickly slowly carefully rarely often never always sometimes bright dark ancient modern small"
                            + " large careful curious honest silent heavy light warm cold northern southern eastern western"
                            + " measures explains rebuilds predicts compresses delivers questions celebrates ignores describes"
                            + " forest desert island glacier volcano harbour bridge tower market museum garden station airport")
                    .split(" ");

    private EmbeddingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        List<String> sentences = sentences(n, new Random(42));
        Path dir = Files.createTempDirectory("d3mas-embed-bench-");
        Path onnx = copy(BgeEmbeddingModel.BGE_SMALL_EN_Q_MODEL, dir);
        Path tokenizerFile = copy(BgeEmbeddingModel.BGE_SMALL_EN_Q_TOKENIZER, dir);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(
                Locale.ROOT,
                "%d sentences, %d-%d words; model %s%n%s%n",
                n,
                sentences.stream().mapToInt(s -> s.split(" ").length).min().orElse(0),
                sentences.stream().mapToInt(s -> s.split(" ").length).max().orElse(0),
                onnx.getFileName(),
                CoordinationBenchmark.machine() + "; SIMD flags: " + simdFlags());

        double ours;
        EmbeddingTuning tuning;
        long calibrationMs;
        // a fresh tuning cache: the first build on this machine calibrates, as a new user's would
        Path tuningDir = Files.createTempDirectory(dir, "tuning-");
        long t0 = System.nanoTime();
        try (BgeEmbeddingModel bge = BgeEmbeddingModel.builder()
                .modelFile(onnx)
                .tokenizerFile(tokenizerFile)
                .tuningCache(tuningDir)
                .build()) {
            calibrationMs = (System.nanoTime() - t0) / 1_000_000;
            tuning = bge.tuning();
            // every run gets fresh texts, so the cache (on by default) never answers
            ours = median(run -> bge.embedAll(segments(sentences, "run " + run + ": "))
                    .content()
                    .size());
        }
        EmbeddingModel l4j = new OnnxEmbeddingModel(onnx, tokenizerFile, PoolingMode.CLS);
        double langchain4j = median(run ->
                l4j.embedAll(segments(sentences, "run " + run + ": ")).content().size());

        // the limit: every raw configuration on a quarter of the texts, then the best one on all of them
        List<String> part = sentences.subList(0, Math.max(1, n / 4));
        double bestSweep = 0;
        int[] best = null;
        double batchOne = 0;
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        try {
            for (int intra : cores > 1 ? new int[] {0, 1, cores} : new int[] {0, 1}) {
                try (RawSession raw = new RawSession(onnx, tokenizerFile, intra)) {
                    raw.embed(part, 8, 1, pool); // warm-up
                    for (int workers : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
                        for (int batch : new int[] {1, 2, 4, 8, 16, 32, 64}) {
                            double tps = 0;
                            for (int run = 0; run < 2; run++) {
                                int r = run;
                                tps = Math.max(
                                        tps,
                                        rate(x ->
                                                raw.embed(prefixed(part, "sweep " + r + ": "), batch, workers, pool)));
                            }
                            System.out.printf(
                                    Locale.ROOT,
                                    "  raw ONNX Runtime, intra-op %s, %d at once, batch %2d: %.0f texts/s%n",
                                    intra == 0 ? "default" : Integer.toString(intra),
                                    workers,
                                    batch,
                                    tps);
                            if (tps > bestSweep) {
                                bestSweep = tps;
                                best = new int[] {intra, workers, batch};
                            }
                            if (batch == 1) {
                                batchOne = Math.max(batchOne, tps);
                            }
                        }
                    }
                }
            }
            int[] b = java.util.Objects.requireNonNull(best);
            double limit;
            try (RawSession raw = new RawSession(onnx, tokenizerFile, b[0])) {
                limit = median(run -> raw.embed(prefixed(sentences, "run " + run + ": "), b[2], b[1], pool));
            }
            System.out.printf(
                    Locale.ROOT,
                    "calibration on first build: %d ms -> intra-op %d, %d at once, %d tokens a batch%n",
                    calibrationMs,
                    tuning.intraOpThreads(),
                    tuning.workers(),
                    tuning.maxBatchTokens());
            System.out.printf(Locale.ROOT, "langchain4j OnnxEmbeddingModel:        %.0f texts/s%n", langchain4j);
            System.out.printf(Locale.ROOT, "d3mas BgeEmbeddingModel (defaults):    %.0f texts/s%n", ours);
            System.out.printf(
                    Locale.ROOT,
                    "raw ONNX Runtime (best: intra-op %s, %d at once, batch %d): %.0f texts/s%n",
                    b[0] == 0 ? "default" : Integer.toString(b[0]),
                    b[1],
                    b[2],
                    limit);
            System.out.printf(
                    Locale.ROOT,
                    "batching pays %.2f x here (best raw / best raw at batch 1, in the sweep)%n",
                    bestSweep / batchOne);
            System.out.printf(
                    Locale.ROOT,
                    "ours / langchain4j = %.2f (target >= 1.0; >= 1.5 where batching pays); ours / raw best = %.2f"
                            + " (target >= 0.9)%n",
                    ours / langchain4j,
                    ours / limit);
        } finally {
            pool.shutdown();
        }
        System.out.printf(Locale.ROOT, "peak RSS: %d MiB%n", peakRssMiB());
        deleteRecursively(dir);
    }

    /** The CPU's vector flags that decide ONNX Runtime's kernels (AVX2, AVX-512 and its VNNI, AMX…). */
    static String simdFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("flags") || l.startsWith("Features"))
                    .findFirst()
                    .map(l -> Arrays.stream(
                                    l.substring(l.indexOf(':') + 1).trim().split("\\s+"))
                            .filter(f -> f.matches("(avx|fma|f16c|amx|sve|asimd|neon).*|.*vnni.*|.*bf16.*"))
                            .collect(java.util.stream.Collectors.joining(" ")))
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double rate(Run body) throws Exception {
        long start = System.nanoTime();
        int count = body.run(0);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Median texts per second over 3 timed runs after one warm-up. */
    private static double median(Run body) throws Exception {
        body.run(-1);
        List<Double> tps = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            int count = body.run(run);
            tps.add(count / ((System.nanoTime() - start) / 1e9));
        }
        Collections.sort(tps);
        return tps.get(1);
    }

    @FunctionalInterface
    private interface Run {
        /** Embeds the texts and returns how many. */
        int run(int run) throws Exception;
    }

    private static List<TextSegment> segments(List<String> sentences, String prefix) {
        return sentences.stream().map(s -> TextSegment.from(prefix + s)).toList();
    }

    private static List<String> prefixed(List<String> sentences, String prefix) {
        return sentences.stream().map(s -> prefix + s).toList();
    }

    static List<String> sentences(int n, Random random) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int words = 10 + random.nextInt(31);
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < words; w++) {
                String word = WORDS[random.nextInt(WORDS.length)];
                sb.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
                sb.append(w == words - 1 ? "." : " ");
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static Path copy(String resource, Path dir) throws IOException {
        try (InputStream in = EmbeddingBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("class path resource " + resource + " not found");
            }
            Path target = dir.resolve(resource);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    private static long peakRssMiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /**
     * The limit: the same tokenizer and ONNX file on a bare session, CLS pooling, no library in between;
     * length-sorted batches taken in turn by {@code workers} threads.
     */
    private static final class RawSession implements AutoCloseable {

        private final OrtEnvironment env = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final HuggingFaceTokenizer tokenizer;

        /** {@code intraOpThreads} 0: ONNX Runtime's default. */
        RawSession(Path onnx, Path tokenizerFile, int intraOpThreads) throws OrtException, IOException {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                if (intraOpThreads > 0) {
                    options.setIntraOpNumThreads(intraOpThreads);
                }
                this.session = env.createSession(onnx.toString(), options);
            }
            Map<String, String> options = new HashMap<>();
            options.put("maxLength", "512");
            options.put("truncation", "true");
            options.put("padding", "false");
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile, options);
        }

        int embed(List<String> texts, int batchSize, int workers, ExecutorService pool) throws Exception {
            Encoding[] enc = tokenizer.batchEncode(texts);
            Integer[] order = new Integer[enc.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> Integer.compare(enc[a].getIds().length, enc[b].getIds().length));
            float[][] out = new float[enc.length][];
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                running.add(pool.submit(() -> {
                    int start;
                    while ((start = next.getAndAdd(batchSize)) < order.length) {
                        batch(enc, order, start, Math.min(batchSize, order.length - start), out);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return out.length;
        }

        private void batch(Encoding[] enc, Integer[] order, int start, int b, float[][] out) throws OrtException {
            int seq = enc[order[start + b - 1]].getIds().length;
            long[] ids = new long[b * seq];
            long[] mask = new long[b * seq];
            long[] types = new long[b * seq];
            for (int r = 0; r < b; r++) {
                Encoding e = enc[order[start + r]];
                System.arraycopy(e.getIds(), 0, ids, r * seq, e.getIds().length);
                System.arraycopy(e.getAttentionMask(), 0, mask, r * seq, e.getIds().length);
            }
            long[] shape = {b, seq};
            Map<String, OnnxTensor> in = new HashMap<>();
            try (OnnxTensor i = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                    OnnxTensor m = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                    OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape)) {
                in.put("input_ids", i);
                in.put("attention_mask", m);
                in.put("token_type_ids", t);
                try (OrtSession.Result result = session.run(in)) {
                    float[][][] hidden = (float[][][]) result.get(0).getValue();
                    for (int r = 0; r < b; r++) {
                        float[] v = hidden[r][0].clone();
                        double norm = 0;
                        for (float x : v) {
                            norm += x * x;
                        }
                        for (int d = 0; d < v.length; d++) {
                            v[d] /= (float) Math.sqrt(norm);
                        }
                        out[order[start + r]] = v;
                    }
                }
            }
        }

        @Override
        public void close() throws OrtException {
            session.close();
            tokenizer.close();
        }
    }
}
