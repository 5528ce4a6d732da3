package io.d3mas.examples.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads JSON-lines files (plain or gzip) for the loaders, naming file and line in every error. */
final class JsonLines {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Turns one parsed line into an item; {@code where} is "file line N" for error messages. */
    interface LineReader<T> {
        T read(JsonNode line, String where);
    }

    private JsonLines() {}

    static <T> List<T> read(Path file, String dataset, LineReader<T> reader) {
        List<T> out = new ArrayList<>();
        try (BufferedReader in = open(file)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + " line " + n;
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new DatasetException(
                            where + " is not JSON (" + e.getOriginalMessage() + "); " + dataset
                                    + " files have one JSON object per line",
                            e);
                }
                out.add(reader.read(node, where));
            }
        } catch (NoSuchFileException e) {
            throw notFound(file, dataset);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + dataset + " file " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    static DatasetException notFound(Path file, String dataset) {
        return new DatasetException(
                dataset + " not found at " + file.toAbsolutePath().normalize()
                        + "; pass its path with --data, or its parent folder with --data-dir (see ../shared/data/*/SOURCE.md)");
    }

    /** The field's text; throws naming the field when it is missing or not text. */
    static String text(JsonNode node, String field, String where, String dataset) {
        JsonNode v = node.get(field);
        if (v == null || !v.isValueNode() || v.isNull()) {
            throw new DatasetException(where + " has no text field '" + field + "'; not a " + dataset + " item");
        }
        return v.asText();
    }

    /** The field, which must be an array. */
    static JsonNode array(JsonNode node, String field, String where, String dataset) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new DatasetException(where + " has no array field '" + field + "'; not a " + dataset + " item");
        }
        return v;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
