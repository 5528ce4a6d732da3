package io.d3mas.examples.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run folder's {@code run.json} (the settings that decide results) and {@code results.jsonl} (one
 * {@link ResultRow} per line, appended and forced to disk as each method finishes an item). Opening a folder that
 * already holds a run resumes it:
 *
 * <ul>
 *   <li>its settings must equal this run's {@link EvalSettings#identity()}, else opening fails saying which
 *       differ (methods and {@code --limit} may change);
 *   <li>a last line cut short by a crash is dropped (the file is truncated to its last complete line);
 *   <li>the data's content (its SHA-256) must be the one the rows were measured on, wherever the file now is;
 *   <li>a method-item-repeat triple with a row is done, unless that row records an error: then it runs again and
 *       its new row replaces the old one.
 * </ul>
 *
 * Thread-safe: items running in parallel append their rows one at a time.
 */
final class ResultsFile implements AutoCloseable {

    static final String RUN = "run.json";
    static final String RESULTS = "results.jsonl";
    static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Map<String, ResultRow> rows = new LinkedHashMap<>();
    private final FileChannel channel;
    private final int resumed;

    private ResultsFile(FileChannel channel, List<ResultRow> existing) {
        this.channel = channel;
        existing.forEach(r -> rows.put(key(r.method(), r.itemId(), r.repeat()), r.withoutTexts()));
        this.resumed = existing.size();
    }

    /**
     * Opens or creates the run folder and records in {@code run.json}, next to the settings, the data's path and
     * the ids of the items this run samples.
     *
     * @throws IllegalArgumentException when the folder holds a run with other settings or other data
     * @throws UncheckedIOException when it cannot be read or written
     */
    static ResultsFile open(EvalSettings settings, List<String> itemIds) {
        Path dir = settings.out();
        try {
            Files.createDirectories(dir);
            Path run = dir.resolve(RUN);
            String identity = JSON.writeValueAsString(JSON.valueToTree(settings.identity()));
            if (Files.exists(run)) {
                JsonNode root = JSON.readTree(Files.readString(run));
                JsonNode stored = root.path("identity");
                String before = JSON.writeValueAsString(stored);
                if (!stored.path("dataSha256").asText().equals(settings.dataSha256())) {
                    throw new IllegalArgumentException("the run folder " + dir + " holds rows of other data: its data"
                            + " file " + root.path("dataPath").asText("(unknown)") + " had SHA-256 "
                            + stored.path("dataSha256").asText("(not recorded)") + ", and "
                            + settings.data().toAbsolutePath().normalize() + " has " + settings.dataSha256()
                            + ". Rows of two splits cannot be compared: use another --out for this data");
                }
                if (!before.equals(identity)) {
                    throw new IllegalArgumentException("the run folder " + dir + " holds a run with other settings: "
                            + differences(stored, JSON.readTree(identity))
                            + ". Use the same settings to resume it, or another --out for a new run");
                }
            }
            ObjectNode node = JSON.createObjectNode();
            node.set("identity", JSON.readTree(identity));
            node.put("dataPath", settings.data().toAbsolutePath().normalize().toString());
            node.put("limit", settings.limit());
            node.put("repeats", settings.repeats());
            node.set("items", JSON.valueToTree(itemIds));
            Files.writeString(run, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            Path results = dir.resolve(RESULTS);
            List<ResultRow> existing = new ArrayList<>();
            long complete = 0;
            if (Files.exists(results)) {
                byte[] bytes = Files.readAllBytes(results);
                int lineStart = 0;
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] == '\n') {
                        String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                        if (!line.isBlank()) {
                            existing.add(parse(line, results, existing.size() + 1));
                        }
                        lineStart = i + 1;
                        complete = lineStart;
                    }
                }
            }
            FileChannel ch = FileChannel.open(
                    results, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            ch.truncate(complete);
            ch.position(complete);
            return new ResultsFile(ch, existing);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ResultRow parse(String line, Path file, int n) throws JsonProcessingException {
        try {
            return JSON.readValue(line, ResultRow.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    file + " line " + n + " is not a result row (" + e.getOriginalMessage()
                            + "); move the file away to start the run again",
                    e);
        }
    }

    private static String differences(JsonNode before, JsonNode now) {
        List<String> out = new ArrayList<>();
        now.fieldNames().forEachRemaining(f -> {
            if (!now.get(f).asText().equals(before.path(f).asText())) {
                out.add(f + " was " + before.path(f).asText("(absent)") + ", now "
                        + now.get(f).asText());
            }
        });
        return out.isEmpty() ? "the stored settings are in another form" : String.join(", ", out);
    }

    /** How many rows the folder held when it was opened. */
    int resumed() {
        return resumed;
    }

    /** Whether the method has a row without error for the item in the repeat. */
    synchronized boolean done(EvalMethod method, String itemId, int repeat) {
        ResultRow r = rows.get(key(method.cliName(), itemId, repeat));
        return r != null && !r.failed();
    }

    /** Appends a row and forces it to disk. */
    synchronized void append(ResultRow row) {
        try {
            byte[] line = (JSON.writeValueAsString(row) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
            rows.put(key(row.method(), row.itemId(), row.repeat()), row.withoutTexts());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + RESULTS + ": " + e.getMessage(), e);
        }
    }

    /**
     * The latest row of every method-item pair, in the order pairs first appeared, without their texts (which stay
     * in the file), so that a long run's memory grows by a few hundred bytes per row only.
     */
    synchronized List<ResultRow> rows() {
        return List.copyOf(rows.values());
    }

    private static String key(String method, String itemId, int repeat) {
        return method + "\u0000" + itemId + "\u0000" + repeat;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
