package io.d3mas.embed;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calibration results, one JSON file per model file and machine, in a directory (default
 * {@code ~/.cache/d3mas/embedding-tuning}); also kept in memory for the life of the JVM (per directory), so a
 * directory that cannot be written only costs one calibration per process. Files are written to a temporary name and moved, so
 * processes that calibrate at once never read half a file.
 */
final class TuningCache {

    private static final Logger LOG = LoggerFactory.getLogger(TuningCache.class);

    /** Bumped when what is measured or how changes, so old results are measured again. */
    static final int FORMAT = 3;

    /** The system property that moves the default directory. */
    static final String DIRECTORY_PROPERTY = "d3mas.embed.tuningCache";

    private static final Map<String, EmbeddingTuning> IN_PROCESS = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final @Nullable Path directory;

    TuningCache(@Nullable Path directory) {
        this.directory = directory;
    }

    /** The directory named by {@value #DIRECTORY_PROPERTY}, else {@code $XDG_CACHE_HOME/d3mas/embedding-tuning}, else under the home directory. */
    static Path defaultDirectory() {
        String property = System.getProperty(DIRECTORY_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("d3mas").resolve("embedding-tuning");
    }

    /**
     * The key of a model file on this machine: a digest of the file's size, first and last MiB (not the whole
     * file: BGE-M3 is 2 GB), the CPU, the cores, ONNX Runtime's version and the device. Not the calibration
     * sample: a model calibrated on the user's own texts keeps that tuning for later builds.
     */
    static String key(Path onnx, String machine, ExecutionDevice device) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            try (FileChannel ch = FileChannel.open(onnx, StandardOpenOption.READ)) {
                long size = ch.size();
                d.update(Long.toString(size).getBytes(StandardCharsets.UTF_8));
                int chunk = 1 << 20;
                ByteBuffer buf = ByteBuffer.allocate(chunk);
                readFully(ch, buf, 0);
                d.update(buf.flip());
                if (size > chunk) {
                    buf.clear();
                    readFully(ch, buf, Math.max(chunk, size - chunk));
                    d.update(buf.flip());
                }
            }
            String rest = FORMAT + "|" + machine + "|" + ortVersion() + "|" + device;
            d.update(rest.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest(), 0, 12);
        } catch (IOException e) {
            throw new ModelLoadException("could not read model file " + onnx + " to key its tuning: " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    /** The CPU model and the logical cores, e.g. {@code "AMD EPYC, 2 cores"}. */
    static String machine() {
        return CpuModel.NAME + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    /** Read once per JVM: every build and every calibration names the machine. */
    private static final class CpuModel {
        static final String NAME = cpuModel();
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (InputStream in = Files.newInputStream(cpuinfo)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException e) {
                LOG.debug("could not read /proc/cpuinfo: {}", e.toString());
            }
        }
        return System.getProperty("os.arch") + " " + System.getProperty("os.name");
    }

    /** Through DJL's engine: creating ONNX Runtime's environment ourselves first would make DJL's start fail. */
    private static String ortVersion() {
        try {
            return Engine.getEngine("OnnxRuntime").getVersion();
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }

    Optional<EmbeddingTuning> read(String key) {
        EmbeddingTuning known = IN_PROCESS.get(directory + "|" + key);
        if (known != null) {
            return Optional.of(cached(known));
        }
        if (directory == null) {
            return Optional.empty();
        }
        Path file = directory.resolve(key + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            EmbeddingTuning t = fromJson(JSON.readTree(file.toFile()));
            IN_PROCESS.put(directory + "|" + key, t);
            return Optional.of(cached(t));
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring the unreadable embedding tuning {} (it will be measured again): {}", file, e.toString());
            return Optional.empty();
        }
    }

    void write(String key, EmbeddingTuning tuning) {
        IN_PROCESS.put(directory + "|" + key, tuning);
        if (directory == null) {
            return;
        }
        Path file = directory.resolve(key + ".json");
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, key, ".tmp");
            try {
                JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), toJson(tuning));
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            LOG.warn(
                    "could not write the embedding tuning to {} ({}); it is kept for this process only."
                            + " Set BgeEmbeddingModel.Builder.tuningCache(..) or -D{} to a writable directory",
                    file,
                    e.toString(),
                    DIRECTORY_PROPERTY);
        }
    }

    private static EmbeddingTuning cached(EmbeddingTuning t) {
        return new EmbeddingTuning(
                t.intraOpThreads(),
                t.workers(),
                t.batchSize(),
                t.maxBatchTokens(),
                t.singleBatchIntraOpThreads(),
                EmbeddingTuning.Source.CACHED,
                t.textsPerSecond(),
                t.trials(),
                t.machine());
    }

    private static ObjectNode toJson(EmbeddingTuning t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("machine", t.machine());
        o.put("intraOpThreads", t.intraOpThreads());
        o.put("workers", t.workers());
        o.put("batchSize", t.batchSize());
        o.put("maxBatchTokens", t.maxBatchTokens());
        o.put("singleBatchIntraOpThreads", t.singleBatchIntraOpThreads());
        o.put("textsPerSecond", t.textsPerSecond());
        ArrayNode trials = o.putArray("trials");
        for (EmbeddingTuning.Trial tr : t.trials()) {
            trials.addObject()
                    .put("intraOpThreads", tr.intraOpThreads())
                    .put("workers", tr.workers())
                    .put("maxBatchTokens", tr.maxBatchTokens())
                    .put("textsPerSecond", tr.textsPerSecond());
        }
        return o;
    }

    private static EmbeddingTuning fromJson(JsonNode o) {
        if (o.path("format").asInt() != FORMAT) {
            throw new IllegalArgumentException("format " + o.path("format") + ", expected " + FORMAT);
        }
        List<EmbeddingTuning.Trial> trials = new ArrayList<>();
        for (JsonNode tr : o.path("trials")) {
            trials.add(new EmbeddingTuning.Trial(
                    tr.path("intraOpThreads").asInt(),
                    tr.path("workers").asInt(),
                    tr.path("maxBatchTokens").asInt(),
                    tr.path("textsPerSecond").asDouble()));
        }
        EmbeddingTuning t = new EmbeddingTuning(
                required(o, "intraOpThreads", 0),
                required(o, "workers", 1),
                required(o, "batchSize", 1),
                required(o, "maxBatchTokens", 1),
                required(o, "singleBatchIntraOpThreads", 0),
                EmbeddingTuning.Source.CACHED,
                o.path("textsPerSecond").asDouble(),
                trials,
                o.path("machine").asText(""));
        return t;
    }

    private static int required(JsonNode o, String field, int min) {
        JsonNode v = o.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() < min) {
            throw new IllegalArgumentException(field + " is missing or below " + min);
        }
        return v.asInt();
    }
}
