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
import java.util.List;
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

    /**
     * What a loaded model owns and how it was set up. {@code calibrate}: no tuning was cached for this model on
     * this machine and the builder left the settings to it, so the model measures them once it is open.
     */
    record Loaded(
            String name,
            ZooModel<NDList, NDList> model,
            @Nullable ZooModel<NDList, NDList> single,
            long modelBytes,
            HuggingFaceTokenizer tokenizer,
            OnnxEncoder encoder,
            int maxTokens,
            ExecutionDevice device,
            @Nullable Path tempDir,
            Calibrator.Sessions sessions,
            OnnxEncoder.Counters counters,
            EmbeddingTuning tuning,
            @Nullable String tuningKey,
            TuningCache tuningCache,
            boolean calibrate) {

        /** The same model on other sessions (after calibration). */
        Loaded withSessions(
                ZooModel<NDList, NDList> session, @Nullable ZooModel<NDList, NDList> alone, EmbeddingTuning tuned) {
            OnnxEncoder e = sessions.encoder(session, counters);
            e.singleBatchSession(alone);
            return new Loaded(
                    name,
                    session,
                    alone,
                    modelBytes,
                    tokenizer,
                    e,
                    maxTokens,
                    device,
                    tempDir,
                    sessions,
                    counters,
                    tuned,
                    tuningKey,
                    tuningCache,
                    false);
        }
    }

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
        ZooModel<NDList, NDList> single = null;
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
                model = session(null, b.modelUrl, b.intraOpThreads); // DJL resolves the URL to a directory first
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
            EmbeddingTuning tuning = configured();
            String key = null;
            Path file = Files.isDirectory(onnx) ? ModelFiles.modelIn(onnx) : onnx;
            long bytes = Files.size(file);
            TuningCache cache = new TuningCache(b.tuningCache != null ? b.tuningCache : TuningCache.defaultDirectory());
            boolean calibrate = false;
            if (b.device == ExecutionDevice.CPU) {
                key = TuningCache.key(file, TuningCache.machine(), ExecutionDevice.CPU);
                if (b.autoTune && !b.configured) {
                    var cached = cache.read(key);
                    calibrate = cached.isEmpty();
                    // the first session of a calibration has one intra-op thread, one of the layouts it tries
                    tuning = cached.orElseGet(() -> new EmbeddingTuning(
                            1,
                            1,
                            b.batchSize,
                            b.maxBatchTokens,
                            0,
                            EmbeddingTuning.Source.CONFIGURED,
                            0,
                            List.of(),
                            ""));
                }
            }
            if (model != null && tuning.intraOpThreads() != b.intraOpThreads) {
                model.close(); // a model URL's first session; onnx is already its directory
                model = null;
            }
            if (model == null) {
                model = session(onnx, null, tuning.intraOpThreads());
            }
            if (tuning.singleBatchIntraOpThreads() > 0) {
                single = session(onnx, null, tuning.singleBatchIntraOpThreads());
            }
            ExecutionDevice used =
                    model.getNDManager().getDevice().isGpu() ? ExecutionDevice.CUDA : ExecutionDevice.CPU;
            String label =
                    b.name != null ? b.name : onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
            Pooling pool = b.pooling != null ? b.pooling : config.pooling() != null ? config.pooling() : Pooling.CLS;
            OnnxEncoder.Counters counters = new OnnxEncoder.Counters();
            Calibrator.Sessions sessions = sessions(onnx, label, tokenizer, pool);
            OnnxEncoder encoder = sessions.encoder(model, counters);
            encoder.singleBatchSession(single);
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
            return new Loaded(
                    label, model, single, bytes, tokenizer, encoder, tokens, used, temp, sessions, counters, tuning,
                    key, cache, calibrate);
        } catch (IOException e) {
            closeQuietly(single, null, null);
            closeQuietly(model, tokenizer, temp);
            throw new ModelLoadException("could not prepare the model files: " + e, e);
        } catch (RuntimeException | Error e) {
            closeQuietly(single, null, null);
            closeQuietly(model, tokenizer, temp);
            throw e;
        }
    }

    /** The builder's own settings: what runs when auto-tuning is off or the builder set any of them. */
    private EmbeddingTuning configured() {
        return new EmbeddingTuning(
                b.intraOpThreads,
                b.workers,
                b.batchSize,
                b.maxBatchTokens,
                0,
                EmbeddingTuning.Source.CONFIGURED,
                0,
                List.of(),
                TuningCache.machine());
    }

    /** Opens more sessions of the same file (for calibration) and builds encoders on them. */
    private Calibrator.Sessions sessions(Path onnx, String label, HuggingFaceTokenizer tokenizer, Pooling pool) {
        return new Calibrator.Sessions() {
            @Override
            public ZooModel<NDList, NDList> open(int intraOpThreads) {
                return session(onnx, null, intraOpThreads);
            }

            @Override
            public OnnxEncoder encoder(ZooModel<NDList, NDList> session, OnnxEncoder.Counters counters) {
                return new OnnxEncoder(label, session, tokenizer, b.outputName, pool, b.normalize, counters);
            }
        };
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
    private ZooModel<NDList, NDList> session(@Nullable Path file, @Nullable String url, int intraOpThreads) {
        if (b.device == ExecutionDevice.CUDA) {
            String missing = cudaMissing();
            if (missing == null) {
                try {
                    ZooModel<NDList, NDList> m = criteria(file, url, Device.gpu(b.gpuId), intraOpThreads)
                            .loadModel();
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
            return criteria(file, url, Device.cpu(), intraOpThreads).loadModel();
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

    private static Criteria<NDList, NDList> criteria(
            @Nullable Path file, @Nullable String url, Device on, int intraOpThreads) {
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
        if (intraOpThreads > 0) {
            // DJL 0.36 applies intraOpNumThreads only when interOpNumThreads is also given
            c.optOption("interOpNumThreads", "1");
            c.optOption("intraOpNumThreads", Integer.toString(intraOpThreads));
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
