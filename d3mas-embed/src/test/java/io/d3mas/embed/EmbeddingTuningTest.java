package io.d3mas.embed;

import static io.d3mas.embed.BgeEmbeddingModelTest.cosine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import io.d3mas.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingTuningTest {

    @TempDir
    Path dir;

    @Test
    void theFirstBuildMeasuresAndCachesTheNextReads() throws IOException {
        EmbeddingTuning first;
        try (BgeEmbeddingModel bge =
                BgeEmbeddingModel.bgeSmallEnV15Quantized().tuningCache(dir).build()) {
            first = bge.tuning();
            System.out.println("calibrated: " + first);
            assertEquals(EmbeddingTuning.Source.CALIBRATED, first.source());
            int cores = Runtime.getRuntime().availableProcessors();
            // every layout at every budget that was reached, best first
            assertTrue(first.trials().size() >= 3, first.trials().toString());
            assertEquals(first.textsPerSecond(), first.trials().get(0).textsPerSecond());
            for (EmbeddingTuning.Trial t : first.trials()) {
                assertTrue(t.textsPerSecond() > 0, t.toString());
                assertTrue(t.maxBatchTokens() == 0 || t.textsPerSecond() <= first.textsPerSecond(), t.toString());
                assertTrue(t.workers() >= 1 && t.workers() <= cores, t.toString());
            }
            // one text alone, on every session measured
            assertTrue(
                    first.trials().stream().anyMatch(t -> t.maxBatchTokens() == 0),
                    first.trials().toString());
            int single = first.singleBatchIntraOpThreads();
            assertTrue(single == 0 || single != first.intraOpThreads(), "a second session differs: " + single);
            assertTrue(first.machine().endsWith(cores + " cores"), first.machine());
            assertEquals(384, bge.embed("tuned").content().vector().length);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> f.toString().endsWith(".json")).count());
        }
        try (BgeEmbeddingModel again =
                BgeEmbeddingModel.bgeSmallEnV15Quantized().tuningCache(dir).build()) {
            EmbeddingTuning t = again.tuning();
            assertEquals(EmbeddingTuning.Source.CACHED, t.source());
            assertEquals(first.intraOpThreads(), t.intraOpThreads());
            assertEquals(first.workers(), t.workers());
            assertEquals(first.maxBatchTokens(), t.maxBatchTokens());
            assertEquals(first.trials(), t.trials());
        }
    }

    @Test
    void anUnreadableCacheFileIsMeasuredAgainAndReplaced() throws IOException {
        try (BgeEmbeddingModel bge =
                BgeEmbeddingModel.bgeSmallEnV15Quantized().tuningCache(dir).build()) {
            assertEquals(EmbeddingTuning.Source.CALIBRATED, bge.tuning().source());
        }
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve(file.getFileName()), "{\"format\": 1, \"workers\": 0}");
        try (BgeEmbeddingModel bge =
                BgeEmbeddingModel.bgeSmallEnV15Quantized().tuningCache(other).build()) {
            assertEquals(EmbeddingTuning.Source.CALIBRATED, bge.tuning().source());
        }
        assertTrue(Files.readString(other.resolve(file.getFileName())).contains("\"trials\""));
    }

    @Test
    void aCacheThatCannotBeWrittenStillGivesAWorkingModel() throws IOException {
        Path notADirectory = dir.resolve("file");
        Files.writeString(notADirectory, "x");
        try (BgeEmbeddingModel bge = BgeEmbeddingModel.bgeSmallEnV15Quantized()
                .tuningCache(notADirectory.resolve("tuning"))
                .build()) {
            assertEquals(EmbeddingTuning.Source.CALIBRATED, bge.tuning().source());
            assertEquals(384, bge.embed("still works").content().vector().length);
        }
    }

    @Test
    void settingsOnTheBuilderAreKeptAndNothingIsMeasured() throws IOException {
        try (BgeEmbeddingModel bge = BgeEmbeddingModel.bgeSmallEnV15Quantized()
                .tuningCache(dir)
                .batchSize(8)
                .build()) {
            EmbeddingTuning t = bge.tuning();
            assertEquals(EmbeddingTuning.Source.CONFIGURED, t.source());
            assertEquals(8, t.batchSize());
            assertEquals(1, t.workers());
            assertEquals(0, t.intraOpThreads());
            assertTrue(t.trials().isEmpty());
        }
        try (BgeEmbeddingModel bge = BgeEmbeddingModel.bgeSmallEnV15Quantized()
                .tuningCache(dir)
                .autoTune(false)
                .build()) {
            assertEquals(EmbeddingTuning.Source.CONFIGURED, bge.tuning().source());
            assertEquals(32, bge.tuning().batchSize());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void explicitCalibrationOnOwnTextsSwitchesAndIsCachedForLaterBuilds() throws IOException {
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sample.add("Memory fact number " + i + " about the river that flows past the old mill.");
        }
        try (BgeEmbeddingModel bge = BgeEmbeddingModel.bgeSmallEnV15Quantized()
                .tuningCache(dir)
                .cacheSize(0)
                .intraOpThreads(2)
                .workers(1)
                .build()) {
            float[] before = bge.embed("the same text").content().vector();
            EmbeddingTuning t = bge.calibrate(sample);
            assertEquals(EmbeddingTuning.Source.CALIBRATED, t.source());
            assertEquals(t, bge.tuning());
            float[] after = bge.embed("the same text").content().vector();
            assertTrue(cosine(before, after) > 0.9999, "one text alone embeds the same on any layout");
            assertEquals(2, bge.stats().texts(), "the stats count both texts across the switch");
        }
        try (BgeEmbeddingModel bge =
                BgeEmbeddingModel.bgeSmallEnV15Quantized().tuningCache(dir).build()) {
            assertEquals(EmbeddingTuning.Source.CACHED, bge.tuning().source());
        }
    }

    @Test
    void badSamplesAndClosedModelsAreRefused() {
        BgeEmbeddingModel bge =
                BgeEmbeddingModel.bgeSmallEnV15Quantized().autoTune(false).build();
        try {
            assertTrue(assertThrows(InvalidInputException.class, () -> bge.calibrate(List.of()))
                    .getMessage()
                    .contains("at least one text"));
            List<String> withNull = Arrays.asList("a", null);
            assertTrue(assertThrows(InvalidInputException.class, () -> bge.calibrate(withNull))
                    .getMessage()
                    .contains("text 1 is null"));
        } finally {
            bge.close();
        }
        assertThrows(IllegalStateException.class, bge::calibrate);
        BgeEmbeddingModel.Builder b = BgeEmbeddingModel.builder();
        assertTrue(assertThrows(InvalidInputException.class, () -> b.workers(0))
                .getMessage()
                .contains("workers"));
    }

    @Test
    void batchesSharedBetweenWorkersGiveTheVectorsOfOneWorkerInOrder() {
        List<TextSegment> texts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            texts.add(TextSegment.from("text " + i + " " + "word ".repeat(i % 17)));
        }
        List<Embedding> one;
        List<Embedding> three;
        try (BgeEmbeddingModel a = BgeEmbeddingModel.bgeSmallEnV15Quantized()
                        .cacheSize(0)
                        .intraOpThreads(1)
                        .maxBatchTokens(48)
                        .workers(1)
                        .build();
                BgeEmbeddingModel b = BgeEmbeddingModel.bgeSmallEnV15Quantized()
                        .cacheSize(0)
                        .intraOpThreads(1)
                        .maxBatchTokens(48)
                        .workers(3)
                        .build()) {
            one = a.embedAll(texts).content();
            three = b.embedAll(texts).content();
            assertEquals(b.stats().batches(), a.stats().batches());
            assertTrue(
                    b.stats().batches() > 3,
                    "enough batches to share: " + b.stats().batches());
        }
        assertEquals(one.size(), three.size());
        for (int i = 0; i < one.size(); i++) {
            assertTrue(Arrays.equals(one.get(i).vector(), three.get(i).vector()), "text " + i);
        }
        assertFalse(Arrays.equals(one.get(0).vector(), one.get(1).vector()));
    }

    @Test
    void callsThatMakeOneBatchRunOnTheSingleBatchSession() {
        try (BgeEmbeddingModel bge = BgeEmbeddingModel.bgeSmallEnV15Quantized()
                .cacheSize(0)
                .intraOpThreads(1)
                .maxBatchTokens(64)
                .build()) {
            float[] before = bge.embed("one text, one batch").content().vector();
            ModelLoader.Loaded loaded = bge.model().loaded();
            var second = loaded.sessions().open(2);
            loaded.encoder().singleBatchSession(second);
            float[] after = bge.embed("one text, one batch").content().vector();
            assertTrue(cosine(before, after) > 0.9999, "same vector on the other session");
            second.close();
            // the single batch now fails on the closed session; many batches still run on the main one
            assertThrows(RuntimeException.class, () -> bge.embed("one text again"));
            List<TextSegment> many = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                many.add(TextSegment.from("text number " + i + " of a call that makes several batches"));
            }
            assertEquals(12, bge.embedAll(many).content().size());
            loaded.encoder().singleBatchSession(null);
        }
    }
}
