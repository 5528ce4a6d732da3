package io.d3mas.embed;

import ai.djl.Device;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.d3mas.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link BgeEmbeddingModel.Builder} into open native resources: finds the files, loads the tokenizer
 * and the ONNX session through DJL (CUDA with a CPU fallback) and probes the model. Closes whatever it opened
 * when a later part fails.
 */
final class ModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(BgeEmbeddingModel.class);

    /** What a loaded model owns and how it was set up. */
    record Loaded(
            String name,
            ZooModel<NDList, NDList> model,
            HuggingFaceTokenizer tokenizer,
            OnnxEncoder encoder,
            int maxTokens,
            ExecutionDevice device,
            @Nullable Path tempDir) {}

    private final BgeEmbeddingModel.Builder b;

    private ModelLoader(BgeEmbeddingModel.Builder b) {
        this.b = b;
    }

    /**
     * @throws ModelLoadException naming the file or the inputs/outputs found
     * @throws InvalidInputException if no source, or more than one, was named
     */
    static Loaded load(BgeEmbeddingModel.Builder builder) {
        return new ModelLoader(builder).load();
    }

    private Loaded load() {
        int sources = (b.modelDirectory != null ? 1 : 0)
                + (b.modelFile != null ? 1 : 0)
                + (b.classpathModel != null ? 1 : 0)
                + (b.modelUrl != null ? 1 : 0);
        if (sources != 1) {
            throw new InvalidInputException("name exactly one model source (modelDirectory, modelFile,"
                    + " classpathModel or modelUrl); " + sources + " were set");
        }
        Path temp = null;
        ZooModel<NDList, NDList> model = null;
        HuggingFaceTokenizer tokenizer = null;
        try {
            Path onnx;
            Path tok;
            ModelFiles.HfConfig config = ModelFiles.HfConfig.NONE;
            if (b.classpathModel != null) {
                temp = Files.createTempDirectory("d3mas-embed-");
                ClassLoader loader = b.classLoader != null ? b.classLoader : ModelLoader.class.getClassLoader();
                onnx = ModelFiles.copyResource(loader, b.classpathModel, temp, b.shippedBy);
                tok = ModelFiles.copyResource(loader, Objects.requireNonNull(b.classpathTokenizer), temp, b.shippedBy);
            } else if (b.modelUrl != null) {
                model = session(null, b.modelUrl); // DJL resolves the URL to a directory first
                onnx = model.getModelPath();
                tok = b.tokenizerFile != null
                        ? b.tokenizerFile
                        : ModelFiles.tokenizerNextTo(onnx.resolve(ModelFiles.MODEL_FILE));
                config = ModelFiles.HfConfig.read(onnx);
            } else {
                onnx = b.modelFile != null ? b.modelFile : ModelFiles.modelIn(Objects.requireNonNull(b.modelDirectory));
                ModelFiles.requireFile(onnx, "model");
                tok = b.tokenizerFile != null ? b.tokenizerFile : ModelFiles.tokenizerNextTo(onnx);
                config = ModelFiles.HfConfig.read(onnx.toAbsolutePath().getParent());
            }
            ModelFiles.requireFile(tok, "tokenizer");
            int tokens = b.maxTokens != null ? b.maxTokens : config.maxTokens().orElse(512);
            tokenizer = tokenizer(tok, tokens);
            if (model == null) {
                model = session(onnx, null);
            }
            ExecutionDevice used =
                    model.getNDManager().getDevice().isGpu() ? ExecutionDevice.CUDA : ExecutionDevice.CPU;
            String label =
                    b.name != null ? b.name : onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
            Pooling pool = b.pooling != null ? b.pooling : config.pooling() != null ? config.pooling() : Pooling.CLS;
            OnnxEncoder encoder = new OnnxEncoder(
                    label,
                    model,
                    tokenizer,
                    b.outputName,
                    pool,
                    b.normalize,
                    b.batchSize,
                    Math.max(b.maxBatchTokens, tokens));
            if (config.hiddenSize().isPresent() && config.hiddenSize().getAsInt() != encoder.dimension()) {
                LOG.warn(
                        "{}: config.json says hidden_size={} but output {} has dimension {}",
                        label,
                        config.hiddenSize().getAsInt(),
                        encoder.denseOutput(),
                        encoder.dimension());
            }
            LOG.info(
                    "loaded embedding model {}: dimension {}, output {}, inputs {}, maxTokens {}, pooling {}, device {}",
                    label,
                    encoder.dimension(),
                    encoder.denseOutput(),
                    encoder.inputs(),
                    tokens,
                    pool,
                    used);
            return new Loaded(label, model, tokenizer, encoder, tokens, used, temp);
        } catch (IOException e) {
            closeQuietly(model, tokenizer, temp);
            throw new ModelLoadException("could not prepare the model files: " + e, e);
        } catch (RuntimeException | Error e) {
            closeQuietly(model, tokenizer, temp);
            throw e;
        }
    }

    private static HuggingFaceTokenizer tokenizer(Path file, int tokens) {
        Map<String, String> options = new HashMap<>();
        options.put("maxLength", Integer.toString(tokens));
        options.put("truncation", "true");
        options.put("padding", "false");
        options.put("addSpecialTokens", "true");
        try {
            return HuggingFaceTokenizer.newInstance(file, options);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(
                    "could not read tokenizer " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Loads through DJL's Criteria on the ONNX Runtime engine; CUDA falls back to the CPU with a warning. */
    private ZooModel<NDList, NDList> session(@Nullable Path file, @Nullable String url) {
        if (b.device == ExecutionDevice.CUDA) {
            String missing = cudaMissing();
            if (missing == null) {
                try {
                    ZooModel<NDList, NDList> m =
                            criteria(file, url, Device.gpu(b.gpuId)).loadModel();
                    LOG.info("embedding model runs on CUDA device {}", b.gpuId);
                    return m;
                } catch (Exception | UnsatisfiedLinkError e) {
                    missing = rootMessage(e);
                }
            }
            LOG.warn(
                    "CUDA execution provider is not available ({}); running the embedding model on the CPU."
                            + " Add com.microsoft.onnxruntime:onnxruntime_gpu and a CUDA driver to use the GPU.",
                    missing);
        }
        String where = file != null ? file.toAbsolutePath().toString() : url;
        try {
            return criteria(file, url, Device.cpu()).loadModel();
        } catch (Exception e) {
            throw new ModelLoadException("could not load ONNX model " + where + ": " + rootMessage(e), e);
        }
    }

    /** Why CUDA cannot be used, or null when ONNX Runtime has the CUDA provider. */
    private static @Nullable String cudaMissing() {
        try {
            return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)
                    ? null
                    : "this ONNX Runtime has only " + OrtEnvironment.getAvailableProviders();
        } catch (RuntimeException | LinkageError e) {
            return e.toString();
        }
    }

    private Criteria<NDList, NDList> criteria(@Nullable Path file, @Nullable String url, Device on) {
        Criteria.Builder<NDList, NDList> c = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine("OnnxRuntime")
                .optDevice(on)
                .optTranslator(new NoopTranslator());
        if (file != null) {
            c.optModelPath(file);
        } else {
            c.optModelUrls(url);
        }
        if (b.intraOpThreads > 0) {
            // DJL 0.36 applies intraOpNumThreads only when interOpNumThreads is also given
            c.optOption("interOpNumThreads", "1");
            c.optOption("intraOpNumThreads", Integer.toString(b.intraOpThreads));
        }
        return c.build();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    /** Closes what is not null; a failure to close is logged, not thrown. Deletes the temporary directory. */
    static void closeQuietly(
            @Nullable ZooModel<NDList, NDList> model, @Nullable HuggingFaceTokenizer tokenizer, @Nullable Path dir) {
        try {
            if (model != null) {
                model.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("closing the ONNX model failed: {}", e.toString());
        }
        try {
            if (tokenizer != null) {
                tokenizer.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("closing the tokenizer failed: {}", e.toString());
        }
        ModelFiles.deleteRecursively(dir);
    }
}
