package io.d3mas.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import io.d3mas.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BgeEmbeddingModelTest {

    private static BgeEmbeddingModel bge;
    private static List<String> texts;

    @BeforeAll
    static void load() throws IOException {
        bge = BgeEmbeddingModel.bgeSmallEnV15Quantized().cacheSize(0).build();
        try (InputStream in = BgeEmbeddingModelTest.class.getResourceAsStream("/texts-100.txt")) {
            texts = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(l -> l.replace("\\n", "\n"))
                    .toList();
        }
        assertEquals(100, texts.size());
    }

    @AfterAll
    static void close() {
        bge.close();
    }

    @Test
    void findsTheInputsAndTheTokenOutputOfTheShippedModel() {
        assertEquals(384, bge.dimension());
        assertEquals(512, bge.maxTokens());
        assertFalse(bge.hasLexicalWeights());
        assertEquals(ExecutionDevice.CPU, bge.device());
        assertTrue(bge.toString().contains("last_hidden_state"), bge.toString());
    }

    @Test
    void agreesWithLangchain4jsOwnModelOnHundredTextsAtBatchSizeOne() {
        BgeSmallEnV15QuantizedEmbeddingModel reference = new BgeSmallEnV15QuantizedEmbeddingModel();
        double worst = 1;
        for (String t : texts) {
            float[] ours = bge.embed(t).content().vector();
            float[] theirs = reference.embed(t).content().vector();
            worst = Math.min(worst, cosine(ours, theirs));
        }
        System.out.printf(Locale.ROOT, "batch size 1: lowest cosine to langchain4j over 100 texts = %.6f%n", worst);
        assertTrue(worst >= 0.999, "lowest cosine " + worst);
    }

    /**
     * In batches this int8 model drifts: its dynamic quantisation takes one scale over the whole input tensor,
     * so the other texts of a batch change a text's vector even without padding ("x" next to "y": cosine 0.989
     * to "x" alone). Measured here at batch size 16 over 100 texts: lowest cosine 0.980 (Hindi), typical
     * 0.994, mean above 0.99. The float32 BGE models have no such term. We require lowest 0.975 and mean 0.99.
     */
    @Test
    void batchesStayWithinTheMeasuredToleranceOfSingleTexts() {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        List<Embedding> batched = bge.embedAll(segments).content();
        double worst = 1;
        double sum = 0;
        for (int i = 0; i < texts.size(); i++) {
            double c = cosine(
                    batched.get(i).vector(), bge.embed(texts.get(i)).content().vector());
            worst = Math.min(worst, c);
            sum += c;
        }
        double mean = sum / texts.size();
        System.out.printf(
                Locale.ROOT, "batch size 16 vs 1 over 100 texts: lowest cosine %.4f, mean %.4f%n", worst, mean);
        assertTrue(worst >= 0.975, "lowest cosine " + worst);
        assertTrue(mean >= 0.99, "mean cosine " + mean);
    }

    @Test
    void keepsTheOrderOfABatchWhateverTheLengths() {
        List<String> mixed = List.of(texts.get(3), "x", texts.get(50), "Paris", texts.get(0) + " " + texts.get(1));
        List<Embedding> batch =
                bge.embedAll(mixed.stream().map(TextSegment::from).toList()).content();
        List<float[]> alone =
                mixed.stream().map(t -> bge.embed(t).content().vector()).toList();
        for (int i = 0; i < mixed.size(); i++) {
            double c = cosine(batch.get(i).vector(), alone.get(i));
            // within the int8 model's batch drift (see above), and nearer its own text than any other
            assertTrue(c >= 0.975, "text " + i + " cosine " + c);
            for (int j = 0; j < mixed.size(); j++) {
                if (j != i) {
                    assertTrue(c > cosine(batch.get(i).vector(), alone.get(j)), "text " + i + " nearer text " + j);
                }
            }
        }
    }

    @Test
    void embedsTheEmptyStringAsTheSpecialTokensAlone() {
        EncodedText empty = bge.encode(List.of("")).get(0);
        assertEquals(2, empty.tokens());
        assertEquals(1.0, norm(empty.dense()), 1e-5);
    }

    @Test
    void cutsATwentyThousandCharacterTextAndReportsIt() {
        String longText = "The committee measured the glacier again. ".repeat(480);
        assertTrue(longText.length() >= 20_000);
        long before = bge.stats().truncated();
        EncodedText e = bge.encode(List.of(longText)).get(0);
        assertTrue(e.truncated());
        assertEquals(512, e.tokens());
        assertEquals(before + 1, bge.stats().truncated());
        assertEquals(1.0, norm(bge.embed(longText).content().vector()), 1e-5);
    }

    @Test
    void embedsNonLatinScriptsToDistinctUnitVectors() {
        List<String> scripts = texts.subList(86, 96);
        List<Embedding> out =
                bge.embedAll(scripts.stream().map(TextSegment::from).toList()).content();
        for (int i = 0; i < out.size(); i++) {
            assertEquals(1.0, norm(out.get(i).vector()), 1e-5, scripts.get(i));
            for (int j = 0; j < i; j++) {
                assertNotEquals(1.0, cosine(out.get(i).vector(), out.get(j).vector()), 1e-4);
            }
        }
    }

    @Test
    void eightThreadsAtOnceGiveTheSameVectorsAsOne() throws Exception {
        List<float[]> expected = new ArrayList<>();
        for (String t : texts.subList(0, 40)) {
            expected.add(bge.embed(t).content().vector());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String t : texts.subList(0, 40)) {
                    futures.add(pool.submit(() -> bge.embed(t).content().vector()));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertArrayEquals(expected.get(i % 40), futures.get(i).get(), "text " + (i % 40));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void repeatedTextsComeFromTheCache() {
        try (BgeEmbeddingModel cached =
                BgeEmbeddingModel.bgeSmallEnV15Quantized().cacheSize(2).build()) {
            float[] first = cached.embed("alpha").content().vector();
            first[0] = 42; // callers cannot change what the cache holds
            cached.embed("alpha");
            cached.embedAll(List.of(TextSegment.from("beta"), TextSegment.from("beta"), TextSegment.from("gamma")));
            EmbeddingStats s = cached.stats();
            assertEquals(3, s.texts(), "alpha, beta and gamma are each run once");
            assertEquals(1, s.cacheHits());
            assertEquals(2, s.cacheSize(), "bounded at two entries");
            assertNotEquals(42f, cached.embed("gamma").content().vector()[0]);
            assertArrayEquals(
                    bge.embed("alpha").content().vector(),
                    cached.embed("alpha").content().vector());
        }
    }

    @Test
    void queryInstructionGoesInFrontOfQueriesOnly() {
        float[] query = bge.embedQuery("capital of France");
        float[] manual = bge.embed(BgeEmbeddingModel.BGE_EN_QUERY_INSTRUCTION + "capital of France")
                .content()
                .vector();
        assertArrayEquals(manual, query);
        assertArrayEquals(
                manual, bge.forQueries().embed("capital of France").content().vector());
        assertTrue(cosine(query, bge.embed("capital of France").content().vector()) < 0.999);
    }

    @Test
    void reportsTokenUsage() {
        assertEquals(
                3 + 3, // [CLS] paris [SEP] and [CLS] x [SEP]
                bge.embedAll(List.of(TextSegment.from("Paris"), TextSegment.from("x")))
                        .tokenUsage()
                        .inputTokenCount());
    }

    @Test
    void tokenUsageIsPerCallEvenWhenCallsRunAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> usage = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                List<TextSegment> pair = i % 2 == 0
                        ? List.of(TextSegment.from("Paris"), TextSegment.from("x"))
                        : List.of(TextSegment.from(texts.get(0)));
                usage.add(pool.submit(() -> bge.embedAll(pair).tokenUsage().inputTokenCount()));
            }
            int single = bge.encode(List.of(texts.get(0))).get(0).tokens();
            for (int i = 0; i < usage.size(); i++) {
                assertEquals(i % 2 == 0 ? 6 : single, usage.get(i).get(), "call " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cudaThatIsNotThereFallsBackToTheCpu() {
        try (BgeEmbeddingModel gpu =
                BgeEmbeddingModel.bgeSmallEnV15Quantized().gpu(0).build()) {
            assertEquals(ExecutionDevice.CPU, gpu.device());
            assertTrue(cosine(
                            gpu.embed("Paris").content().vector(),
                            bge.embed("Paris").content().vector())
                    > 0.9999);
        }
    }

    @Test
    void builderRejectsBadValuesNamingTheField() {
        BgeEmbeddingModel.Builder b = BgeEmbeddingModel.builder();
        assertTrue(assertThrows(InvalidInputException.class, () -> b.batchSize(0))
                .getMessage()
                .contains("batchSize"));
        assertTrue(assertThrows(InvalidInputException.class, () -> b.maxTokens(1))
                .getMessage()
                .contains("maxTokens"));
        assertTrue(assertThrows(InvalidInputException.class, () -> b.cacheSize(-1))
                .getMessage()
                .contains("cacheSize"));
        assertTrue(assertThrows(InvalidInputException.class, () -> b.intraOpThreads(-2))
                .getMessage()
                .contains("intraOpThreads"));
        assertTrue(
                assertThrows(InvalidInputException.class, b::build).getMessage().contains("exactly one"));
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
