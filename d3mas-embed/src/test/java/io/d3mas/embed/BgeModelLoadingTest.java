package io.d3mas.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading from every source, what a broken or unsuitable model says, and close semantics. */
class BgeModelLoadingTest {

    @TempDir
    Path dir;

    @Test
    void loadsADirectoryWithModelAndTokenizer() throws IOException {
        copyBgeSmall(dir);
        try (BgeEmbeddingModel m = BgeEmbeddingModel.bgeEnV15(dir).build()) {
            assertEquals(384, m.dimension());
            assertEquals("model", m.modelName());
        }
    }

    @Test
    void loadsAFileUrlThroughDjl() throws IOException {
        copyBgeSmall(dir);
        try (BgeEmbeddingModel m =
                BgeEmbeddingModel.builder().modelUrl(dir.toUri().toString()).build()) {
            assertEquals(384, m.dimension());
        }
    }

    @Test
    void readsMaxTokensAndPoolingFromTheHuggingFaceConfigs() throws IOException {
        copyBgeSmall(dir);
        Files.writeString(
                dir.resolve("config.json"),
                "{\"hidden_size\":384,\"max_position_embeddings\":128,\"model_type\":\"bert\"}");
        Files.createDirectories(dir.resolve("1_Pooling"));
        Files.writeString(dir.resolve("1_Pooling/config.json"), "{\"pooling_mode_mean_tokens\":true}");
        try (BgeEmbeddingModel mean =
                        BgeEmbeddingModel.builder().modelDirectory(dir).build();
                BgeEmbeddingModel cls = BgeEmbeddingModel.builder()
                        .modelDirectory(dir)
                        .pooling(Pooling.CLS)
                        .build()) {
            assertEquals(128, mean.maxTokens());
            assertEquals(128, mean.encode(List.of("word ".repeat(400))).get(0).tokens());
            double c = BgeEmbeddingModelTest.cosine(
                    mean.embed("Paris is in France").content().vector(),
                    cls.embed("Paris is in France").content().vector());
            assertTrue(c < 0.999, "mean and CLS pooling differ, cosine " + c);
        }
    }

    @Test
    void aMissingDirectoryOrFileIsNamed() throws IOException {
        Path nowhere = dir.resolve("nowhere");
        assertMessage(() -> BgeEmbeddingModel.bgeM3(nowhere).build(), "model directory not found", "nowhere");
        assertMessage(() -> BgeEmbeddingModel.bgeM3(dir).build(), "model file not found", dir.toString());
        Files.writeString(dir.resolve("model.onnx"), "x");
        assertMessage(() -> BgeEmbeddingModel.bgeM3(dir).build(), "tokenizer file not found", "model.onnx");
        assertMessage(
                () -> BgeEmbeddingModel.builder()
                        .classpathModel("no-such.onnx", "t.json")
                        .build(),
                "class path resource not found",
                "no-such.onnx");
    }

    @Test
    void aCorruptModelOrTokenizerIsNamed() throws IOException {
        copyBgeSmall(dir);
        Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertMessage(() -> BgeEmbeddingModel.bgeEnV15(dir).build(), "could not load ONNX model", "model.onnx");
        copyBgeSmall(dir);
        Files.writeString(dir.resolve("tokenizer.json"), "{ not json");
        assertMessage(() -> BgeEmbeddingModel.bgeEnV15(dir).build(), "could not read tokenizer", "tokenizer.json");
    }

    @Test
    void aModelWithoutAnEmbeddingOutputNamesWhatItHas() throws IOException {
        tinyModel("classifier.onnx");
        assertMessage(() -> BgeEmbeddingModel.builder().modelDirectory(dir).build(), "logits", "outputName");
        assertMessage(
                () -> BgeEmbeddingModel.builder()
                        .modelDirectory(dir)
                        .outputName("pooler_output")
                        .build(),
                "pooler_output",
                "logits");
    }

    @Test
    void aModelWithAnInputAnEncoderCannotFeedNamesIt() throws IOException {
        tinyModel("odd-input.onnx");
        assertMessage(() -> BgeEmbeddingModel.builder().modelDirectory(dir).build(), "pixel_values", "input_ids");
    }

    @Test
    void aFailedBuildLeavesNoTemporaryFilesBehind() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = countTempDirs(tmp);
        assertThrows(ModelLoadException.class, () -> BgeEmbeddingModel.builder()
                .classpathModel(BgeEmbeddingModel.BGE_SMALL_EN_Q_MODEL, "missing-tokenizer.json")
                .build());
        assertEquals(before, countTempDirs(tmp));
    }

    @Test
    void readsBgeM3StyleDenseAndSparseOutputs() throws IOException {
        tinyModel("m3-like.onnx");
        try (BgeEmbeddingModel m = BgeEmbeddingModel.bgeM3(dir).build()) {
            assertEquals(4, m.dimension());
            assertTrue(m.hasLexicalWeights());
            String text = "paris paris london";
            EncodedText e = m.encode(List.of(text)).get(0);
            long[] ids = tokenIds(m, text);
            // dense: the first token's row of the table, normalised
            float[] expected = row(ids[0]);
            OnnxEncoder.normalizeInPlace(expected);
            for (int k = 0; k < 4; k++) {
                assertEquals(expected[k], e.dense()[k], 1e-6);
            }
            // sparse: relu(row · w) per non-special token, once per id
            Map<Long, Float> lexical = e.lexicalWeights();
            for (int t = 1; t < ids.length - 1; t++) {
                float w = sparse(ids[t]);
                if (w > 0) {
                    assertEquals(w, lexical.get(ids[t]), 1e-6, "token " + ids[t]);
                } else {
                    assertTrue(!lexical.containsKey(ids[t]));
                }
            }
            assertTrue(!lexical.containsKey(ids[0]) && !lexical.containsKey(ids[ids.length - 1]), "special tokens");
        }
    }

    @Test
    void closeReleasesOnceAndLaterCallsFailClearly() throws IOException {
        copyBgeSmall(dir);
        BgeEmbeddingModel m = BgeEmbeddingModel.bgeEnV15(dir).build();
        m.embed("before close");
        m.close();
        m.close();
        assertMessage(IllegalStateException.class, () -> m.embed("after close"), "closed");
        assertMessage(IllegalStateException.class, () -> m.encode(List.of("after")), "closed");
    }

    private static long[] tokenIds(BgeEmbeddingModel m, String text) throws IOException {
        try (ai.djl.huggingface.tokenizers.HuggingFaceTokenizer t =
                ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(
                        BgeEmbeddingModelTest.class.getResourceAsStream(
                                "/" + BgeEmbeddingModel.BGE_SMALL_EN_Q_TOKENIZER),
                        Map.of())) {
            return t.encode(text).getIds();
        }
    }

    /** The table of make_test_models.py. */
    private static float[] row(long id) {
        int i = (int) (id % 97);
        float[] r = new float[4];
        for (int k = 0; k < 4; k++) {
            r[k] = (float) (((7 * i + 3 * k) % 11 - 5) / 5.0);
        }
        return r;
    }

    private static float sparse(long id) {
        float[] r = row(id);
        float[] w = {1f, -0.5f, 0.25f, 0.8f};
        float s = 0;
        for (int k = 0; k < 4; k++) {
            s += r[k] * w[k];
        }
        return Math.max(0, s);
    }

    private void tinyModel(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/onnx/" + resource)) {
            Files.copy(in, dir.resolve("model.onnx"));
        }
        copyResource("/" + BgeEmbeddingModel.BGE_SMALL_EN_Q_TOKENIZER, dir.resolve("tokenizer.json"));
    }

    static void copyBgeSmall(Path target) throws IOException {
        copyResource("/" + BgeEmbeddingModel.BGE_SMALL_EN_Q_MODEL, target.resolve("model.onnx"));
        copyResource("/" + BgeEmbeddingModel.BGE_SMALL_EN_Q_TOKENIZER, target.resolve("tokenizer.json"));
    }

    private static void copyResource(String resource, Path target) throws IOException {
        try (InputStream in = BgeModelLoadingTest.class.getResourceAsStream(resource)) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static long countTempDirs(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("d3mas-embed-"))
                    .count();
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        assertMessage(ModelLoadException.class, call, parts);
    }

    private static void assertMessage(
            Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable call, String... parts) {
        String message = assertThrows(type, call).getMessage();
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
        }
    }
}
