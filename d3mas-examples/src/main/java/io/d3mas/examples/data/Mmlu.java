package io.d3mas.examples.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * MMLU: one header-less CSV per subject, rows {@code question,A,B,C,D,answer} (see
 * {@code ../shared/data/mmlu/SOURCE.md}). Fields may hold quoted newlines and files may use CRLF, so a real CSV
 * parser reads them. The subject (file name without {@code _test.csv}) becomes the item's group.
 */
public final class Mmlu {

    private static final String DATASET = "MMLU";
    private static final List<String> LABELS = List.of("A", "B", "C", "D");
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private Mmlu() {}

    /**
     * @param path a folder of {@code <subject>_<split>.csv} files (read in name order) or one such file
     * @throws DatasetException when the path is missing or a row is not six fields ending in A–D
     */
    public static List<EvalItem> load(Path path) {
        if (!Files.exists(path)) {
            throw JsonLines.notFound(path, DATASET);
        }
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".csv"))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new DatasetException("cannot list MMLU folder " + path + ": " + e.getMessage(), e);
            }
            if (files.isEmpty()) {
                throw new DatasetException(
                        "MMLU folder " + path + " holds no .csv file; point --data at e.g. ../shared/data/mmlu/test");
            }
        } else {
            files = List.of(path);
        }
        List<EvalItem> out = new ArrayList<>();
        for (Path f : files) {
            readSubject(f, out);
        }
        return out;
    }

    private static void readSubject(Path file, List<EvalItem> out) {
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        String subject = name.replaceFirst("_(test|dev|val)$", "");
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(in)) {
            int row = 0;
            while (rows.hasNext()) {
                String[] r = rows.next();
                String where = file + " row " + (row + 1);
                if (r.length == 1 && r[0].isBlank()) {
                    row++;
                    continue;
                }
                if (r.length != 6) {
                    throw new DatasetException(where + " has " + r.length
                            + " fields; MMLU rows are question,A,B,C,D,answer without a header");
                }
                String answer = r[5].strip();
                if (!LABELS.contains(answer)) {
                    throw new DatasetException(where + " has answer '" + answer + "'; it must be A, B, C or D");
                }
                List<EvalItem.Choice> choices = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    choices.add(new EvalItem.Choice(LABELS.get(i), r[i + 1].strip()));
                }
                out.add(new EvalItem(
                        subject + "/" + row,
                        EvalItem.Kind.CHOICE,
                        r[0].strip(),
                        choices,
                        List.of(answer),
                        List.of(),
                        null,
                        subject));
                row++;
            }
        } catch (NoSuchFileException e) {
            throw JsonLines.notFound(file, DATASET);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException d) {
                throw d;
            }
            throw new DatasetException("cannot read MMLU file " + file + ": " + e.getMessage(), e);
        }
    }
}
