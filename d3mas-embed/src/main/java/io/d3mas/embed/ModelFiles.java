package io.d3mas.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Finds the files of a model: the ONNX graph, the tokenizer, and the optional Hugging Face configs. */
final class ModelFiles {

    static final String MODEL_FILE = "model.onnx";
    static final String TOKENIZER_FILE = "tokenizer.json";

    private ModelFiles() {}

    /** {@code dir/model.onnx}, or the only {@code *.onnx} file in {@code dir} (also under {@code onnx/}). */
    static Path modelIn(Path dir) {
        requireDirectory(dir);
        for (Path candidate :
                List.of(dir.resolve(MODEL_FILE), dir.resolve("onnx").resolve(MODEL_FILE))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        List<Path> onnx = list(dir, ".onnx");
        if (onnx.size() == 1) {
            return onnx.get(0);
        }
        if (onnx.isEmpty()) {
            throw new ModelLoadException("model file not found: no " + MODEL_FILE + " (and no other *.onnx file) in "
                    + dir.toAbsolutePath());
        }
        throw new ModelLoadException("model directory " + dir.toAbsolutePath() + " has " + onnx.size()
                + " .onnx files and no " + MODEL_FILE + ": "
                + onnx.stream().map(p -> p.getFileName().toString()).toList()
                + "; pick one with BgeEmbeddingModel.Builder.modelFile(..)");
    }

    /** {@code tokenizer.json} next to the model, or in the directory above it (optimum's {@code onnx/} layout). */
    static Path tokenizerNextTo(Path modelFile) {
        Path dir = modelFile.toAbsolutePath().getParent();
        for (Path d : dir.getParent() == null ? List.of(dir) : List.of(dir, dir.getParent())) {
            Path t = d.resolve(TOKENIZER_FILE);
            if (Files.isRegularFile(t)) {
                return t;
            }
        }
        throw new ModelLoadException("tokenizer file not found: no " + TOKENIZER_FILE + " next to "
                + modelFile.toAbsolutePath() + "; set it with BgeEmbeddingModel.Builder.tokenizerFile(..)");
    }

    static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(what + " file not found: " + file.toAbsolutePath());
        }
        if (!Files.isReadable(file)) {
            throw new ModelLoadException(what + " file is not readable: " + file.toAbsolutePath());
        }
    }

    static void requireDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("model directory not found: " + dir.toAbsolutePath());
        }
    }

    /**
     * Copies a class path resource into {@code dir}, keeping its file name.
     *
     * @param shippedBy the Maven coordinates of the artifact that ships it, for the error; or null
     */
    static Path copyResource(ClassLoader loader, String resource, Path dir, @Nullable String shippedBy) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new ModelLoadException("class path resource not found: " + name + " ("
                        + (shippedBy == null
                                ? "is the artifact that ships it on the class path?)"
                                : missing(shippedBy)));
            }
            Path target = dir.resolve(Path.of(name).getFileName().toString());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new ModelLoadException("could not copy class path resource " + name + " to " + dir + ": " + e, e);
        }
    }

    /** What to add to the build: the coordinates, and the Maven dependency element. */
    private static String missing(String coordinates) {
        String[] gav = coordinates.split(":");
        return "add the artifact that ships it, " + gav[0] + ":" + gav[1] + ", to your build: <dependency><groupId>"
                + gav[0] + "</groupId><artifactId>" + gav[1] + "</artifactId><version>" + gav[2]
                + "</version></dependency>, or Gradle: implementation(\"" + coordinates + "\"))";
    }

    static void deleteRecursively(@Nullable Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary copy that cannot be deleted is not worth failing close() for
        }
    }

    /** What a Hugging Face {@code config.json} (and a sentence-transformers pooling config) say, if present. */
    record HfConfig(OptionalInt hiddenSize, OptionalInt maxTokens, @Nullable Pooling pooling) {

        static final HfConfig NONE = new HfConfig(OptionalInt.empty(), OptionalInt.empty(), null);

        static HfConfig read(Path modelDir) {
            Path config = modelDir.resolve("config.json");
            if (!Files.isRegularFile(config) && modelDir.getParent() != null) {
                config = modelDir.getParent().resolve("config.json");
            }
            ObjectMapper json = new ObjectMapper();
            OptionalInt hidden = OptionalInt.empty();
            OptionalInt max = OptionalInt.empty();
            if (Files.isRegularFile(config)) {
                JsonNode root = parse(json, config);
                if (root.path("hidden_size").canConvertToInt()) {
                    hidden = OptionalInt.of(root.path("hidden_size").asInt());
                }
                if (root.path("max_position_embeddings").canConvertToInt()) {
                    int positions = root.path("max_position_embeddings").asInt();
                    // RoBERTa-style models (BGE-M3 is XLM-RoBERTa) reserve padding_idx + 1 = 2 positions
                    boolean roberta = root.path("model_type").asText("").contains("roberta");
                    max = OptionalInt.of(roberta ? positions - 2 : positions);
                }
            }
            Pooling pooling = null;
            Path poolingConfig = config.resolveSibling("1_Pooling").resolve("config.json");
            if (Files.isRegularFile(poolingConfig)) {
                JsonNode root = parse(json, poolingConfig);
                if (root.path("pooling_mode_cls_token").asBoolean(false)) {
                    pooling = Pooling.CLS;
                } else if (root.path("pooling_mode_mean_tokens").asBoolean(false)) {
                    pooling = Pooling.MEAN;
                }
            }
            return new HfConfig(hidden, max, pooling);
        }

        private static JsonNode parse(ObjectMapper json, Path file) {
            try {
                return json.readTree(file.toFile());
            } catch (IOException e) {
                throw new ModelLoadException(
                        "could not read model config " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ModelLoadException("could not list model directory " + dir.toAbsolutePath() + ": " + e, e);
        }
    }
}
