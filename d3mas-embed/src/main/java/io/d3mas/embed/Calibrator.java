package io.d3mas.embed;

import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import io.d3mas.InvalidInputException;
import io.d3mas.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures which thread layout and batch size embed fastest on this machine. Candidates: ONNX Runtime's intra-op
 * threads 1 with one batch per core at once, and intra-op threads = cores with one or with one per core at once;
 * for each, token budgets per batch from 64 to 1,024. One untimed round warms every shape up; two timed rounds
 * follow, and each candidate keeps its better round (interference only ever slows a round down). A budget whose
 * single run takes over 400 ms ends the larger ones (bigger batches gain little past that and cost latency).
 *
 * <p>One text alone is timed on every session too, call by call with the sessions taking turns, and compared by
 * median latency (one 50 ms window per session let the machine's noise decide). When another session embeds it at
 * least 1.5 × as fast as the winner's session, and the model is small enough to hold twice (512 MiB), that session
 * is kept as well, for calls that make a single batch. The bar is high because the gain is measured alone and the
 * cost is not: ONNX Runtime's intra-op threads spin after each run and take cores from whatever runs next. On the
 * 2-core build machine the 2-thread session embedded one text 1.07–1.35 × as fast alone, and made a solve's
 * critical path about 10 ms longer.
 */
final class Calibrator {

    private static final Logger LOG = LoggerFactory.getLogger(Calibrator.class);

    static final int[] BUDGETS = {64, 128, 256, 512, 1024};
    private static final long SLOW_RUN_NANOS = 400_000_000L;
    private static final long MIN_MEASURE_NANOS = 50_000_000L;
    private static final int ROUNDS = 2;
    private static final double SINGLE_GAIN = 1.5;
    /**
     * Turns of the one-text timing; each session embeds the text {@code ALONE_CALLS} times a turn. No new turn
     * starts after {@code ALONE_MAX_NANOS} (a large model's single run can take 100 ms).
     */
    private static final int ALONE_TURNS = 6;

    private static final long ALONE_MAX_NANOS = 1_500_000_000L;

    private static final int ALONE_CALLS = 4;
    static final long TWO_SESSIONS_MAX_BYTES = 512L << 20;

    /** Opens sessions and builds encoders on them (ModelLoader). */
    interface Sessions {
        ZooModel<NDList, NDList> open(int intraOpThreads);

        OnnxEncoder encoder(ZooModel<NDList, NDList> session, OnnxEncoder.Counters counters);
    }

    /**
     * The winner, its session and the single-batch session if one pays (the caller owns both; every other
     * session opened here is closed).
     */
    record Result(
            EmbeddingTuning tuning, ZooModel<NDList, NDList> session, @Nullable ZooModel<NDList, NDList> single) {}

    private record Layout(int intra, int workers) {}

    private Calibrator() {}

    /** The calibration texts shipped with d3mas-embed: 48 English sentences of 6–50 words. */
    static List<String> defaultSample() {
        try (InputStream in = Calibrator.class.getResourceAsStream("calibration-texts.txt")) {
            if (in == null) {
                throw new IllegalStateException("calibration-texts.txt is missing from d3mas-embed");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("could not read calibration-texts.txt", e);
        }
    }

    static void checkSample(List<String> sample) {
        if (sample.isEmpty()) {
            throw new InvalidInputException("the calibration sample must hold at least one text");
        }
        for (int i = 0; i < sample.size(); i++) {
            if (sample.get(i) == null) {
                throw new InvalidInputException("the calibration sample's text " + i + " is null");
            }
        }
    }

    /**
     * Measures every candidate and returns the fastest.
     *
     * @param current the sessions in use by their intra-op threads (reused, never closed here)
     * @param modelBytes the model file's size, to decide whether two sessions fit
     */
    static Result run(
            Sessions sessions,
            Map<Integer, ZooModel<NDList, NDList>> current,
            long modelBytes,
            List<String> sample,
            int cores,
            String machine) {
        long started = System.nanoTime();
        List<Layout> layouts = new ArrayList<>();
        if (cores <= 1) {
            layouts.add(new Layout(1, 1));
        } else {
            layouts.add(new Layout(1, cores));
            layouts.add(new Layout(cores, 1));
            layouts.add(new Layout(cores, cores));
        }
        Map<Integer, ZooModel<NDList, NDList>> opened = new LinkedHashMap<>();
        Map<Integer, OnnxEncoder> encoders = new HashMap<>();
        ZooModel<NDList, NDList> keep = null;
        ZooModel<NDList, NDList> keepSingle = null;
        try {
            for (Layout l : layouts) {
                if (!encoders.containsKey(l.intra())) {
                    ZooModel<NDList, NDList> s = current.get(l.intra());
                    if (s == null) {
                        s = sessions.open(l.intra());
                        opened.put(l.intra(), s);
                    }
                    encoders.put(l.intra(), sessions.encoder(s, new OnnxEncoder.Counters()));
                }
            }
            OnnxEncoder any = encoders.values().iterator().next();
            List<String> sorted = new ArrayList<>(sample);
            int[] lengths = any.lengths(sorted);
            Integer[] order = new Integer[sorted.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
            List<String> byLength = new ArrayList<>();
            List<Integer> lengthOf = new ArrayList<>();
            for (int i : order) {
                byLength.add(sorted.get(i));
                lengthOf.add(lengths[i]);
            }

            // warm-up: every session once at every budget; a slow run caps the budgets
            int budgets = 0;
            for (int budget : BUDGETS) {
                long slowest = 0;
                for (OnnxEncoder e : encoders.values()) {
                    List<String> batch = batch(byLength, lengthOf, budget);
                    long t0 = System.nanoTime();
                    e.encode(batch, false, new OnnxEncoder.Plan(batch.size(), Integer.MAX_VALUE, 1), null);
                    slowest = Math.max(slowest, System.nanoTime() - t0);
                }
                budgets++;
                if (slowest > SLOW_RUN_NANOS) {
                    break;
                }
            }
            Map<EmbeddingTuning.Trial, Double> best = new LinkedHashMap<>();
            List<String> one = List.of(byLength.get(byLength.size() / 2));
            Map<Integer, Double> alone = alone(encoders, one);
            for (int round = 0; round < ROUNDS; round++) {
                for (Layout l : layouts) {
                    for (int i = 0; i < budgets; i++) {
                        List<String> batch = batch(byLength, lengthOf, BUDGETS[i]);
                        double tps = measure(encoders.get(l.intra()), batch, l.workers());
                        best.merge(new EmbeddingTuning.Trial(l.intra(), l.workers(), BUDGETS[i], 0), tps, Math::max);
                    }
                }
            }
            List<EmbeddingTuning.Trial> trials = new ArrayList<>();
            best.forEach((t, tps) ->
                    trials.add(new EmbeddingTuning.Trial(t.intraOpThreads(), t.workers(), t.maxBatchTokens(), tps)));
            trials.sort(Comparator.comparingDouble(EmbeddingTuning.Trial::textsPerSecond)
                    .reversed());
            EmbeddingTuning.Trial win = trials.get(0);
            int fastestAlone = alone.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .orElseThrow()
                    .getKey();
            alone.forEach((intra, tps) -> trials.add(new EmbeddingTuning.Trial(intra, 1, 0, tps)));
            int singleIntra = fastestAlone != win.intraOpThreads()
                            && alone.get(fastestAlone) >= SINGLE_GAIN * alone.get(win.intraOpThreads())
                            && modelBytes <= TWO_SESSIONS_MAX_BYTES
                    ? fastestAlone
                    : 0;
            keep = session(current, opened, win.intraOpThreads());
            keepSingle = singleIntra == 0 ? null : session(current, opened, singleIntra);
            EmbeddingTuning tuning = new EmbeddingTuning(
                    win.intraOpThreads(),
                    win.workers(),
                    Math.max(1, win.maxBatchTokens() / 2),
                    win.maxBatchTokens(),
                    singleIntra,
                    EmbeddingTuning.Source.CALIBRATED,
                    win.textsPerSecond(),
                    trials,
                    machine);
            LOG.info(
                    "calibrated embeddings on {} in {} ms: intra-op threads {}, {} batch(es) at once, {} tokens a"
                            + " batch ({} texts/s on the calibration texts); single batches on {}",
                    machine,
                    (System.nanoTime() - started) / 1_000_000,
                    win.intraOpThreads(),
                    win.workers(),
                    win.maxBatchTokens(),
                    Math.round(win.textsPerSecond()),
                    singleIntra == 0 ? "the same session" : singleIntra + " intra-op threads");
            return new Result(tuning, keep, keepSingle);
        } finally {
            for (ZooModel<NDList, NDList> s : opened.values()) {
                if (s != keep && s != keepSingle) {
                    ModelLoader.closeQuietly(s, null, null);
                }
            }
        }
    }

    private static ZooModel<NDList, NDList> session(
            Map<Integer, ZooModel<NDList, NDList>> current, Map<Integer, ZooModel<NDList, NDList>> opened, int intra) {
        ZooModel<NDList, NDList> s = current.get(intra);
        return s != null ? s : opened.get(intra);
    }

    /**
     * Texts of the middle lengths that fill a budget: the sorted sample's middle window, repeated when the budget
     * holds more texts than the sample, shortened until texts × longest fits.
     */
    static List<String> batch(List<String> byLength, List<Integer> lengthOf, int budget) {
        int n = byLength.size();
        int median = lengthOf.get(n / 2);
        int b = Math.max(1, budget / Math.max(1, median));
        while (true) {
            List<String> out = new ArrayList<>(b);
            int longest = 0;
            int start = Math.max(0, n / 2 - b / 2);
            for (int i = 0; i < b; i++) {
                int at = (start + i) % n;
                out.add(byLength.get(at));
                longest = Math.max(longest, lengthOf.get(at));
            }
            if (b == 1 || (long) b * longest <= budget) {
                return out;
            }
            b--;
        }
    }

    /** One text's texts per second on each session: the median of single calls, the sessions taking turns. */
    private static Map<Integer, Double> alone(Map<Integer, OnnxEncoder> encoders, List<String> one) {
        OnnxEncoder.Plan plan = new OnnxEncoder.Plan(1, Integer.MAX_VALUE, 1);
        Map<Integer, List<Long>> nanos = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (int turn = 0; turn < ALONE_TURNS && System.nanoTime() - started < ALONE_MAX_NANOS; turn++) {
            for (Map.Entry<Integer, OnnxEncoder> e : encoders.entrySet()) {
                for (int c = 0; c < ALONE_CALLS; c++) {
                    long t0 = System.nanoTime();
                    e.getValue().encode(one, false, plan, null);
                    nanos.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(System.nanoTime() - t0);
                }
            }
        }
        Map<Integer, Double> out = new LinkedHashMap<>();
        nanos.forEach((intra, list) -> {
            List<Long> sorted = new ArrayList<>(list);
            sorted.sort(null);
            out.put(intra, 1e9 / Math.max(1, sorted.get(sorted.size() / 2)));
        });
        return out;
    }

    /**
     * Texts per second with {@code workers} threads each embedding the batch again and again, at least once each
     * and for at least 50 ms.
     */
    private static double measure(OnnxEncoder encoder, List<String> batch, int workers) {
        OnnxEncoder.Plan plan = new OnnxEncoder.Plan(batch.size(), Integer.MAX_VALUE, 1);
        AtomicInteger texts = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        long[] began = new long[1];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(
                    () -> {
                        try {
                            start.await();
                            do {
                                encoder.encode(batch, false, plan, null);
                                texts.addAndGet(batch.size());
                            } while (System.nanoTime() - began[0] < MIN_MEASURE_NANOS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "d3mas-embed-calibration-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        began[0] = System.nanoTime();
        start.countDown();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException("interrupted while calibrating the embedding model", e);
            }
        }
        long elapsed = System.nanoTime() - began[0];
        if (failure.get() != null) {
            throw failure.get();
        }
        return texts.get() / (elapsed / 1e9);
    }
}
