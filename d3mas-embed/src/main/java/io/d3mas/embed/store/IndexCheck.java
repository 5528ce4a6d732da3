package io.d3mas.embed.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;

/** What {@link LuceneMemoryStore} checks before it opens a directory. */
final class IndexCheck {

    private IndexCheck() {}

    /** The files Lucene writes: its lock, commit points, pending commits and segment files. */
    private static final Pattern LUCENE_FILE =
            Pattern.compile("write\\.lock|(pending_)?segments(_[0-9a-z]+)?|_[0-9a-z]+(_[0-9A-Za-z]+)*\\.[0-9a-z]+");

    /** Creates the store's directory if missing; a path that is a file is refused saying so. */
    static void directory(Path path) throws IOException {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new io.d3mas.InvalidInputException("the memory index path " + path + " is a file, not a"
                    + " directory; give the store a directory of its own (it is created if missing)");
        }
        Files.createDirectories(path);
    }

    /** A search that could not read an index it opened: damage since, or a disk error. */
    static MemoryIndexException readFailure(Path path, Exception e) {
        return new MemoryIndexException(
                "reading the memory index at " + path + " failed (" + e + "); the index may be damaged: close the"
                        + " store and open it again to check it, restore it from a backup, or delete the directory"
                        + " to start with an empty memory",
                e);
    }

    /**
     * The stored commit data, empty for a new index; throws for an index this store cannot use.
     *
     * @param verify whether to verify the checksum of every file of the latest commit (reads the whole index)
     */
    static Map<String, String> existing(Directory directory, Path path, int dimension, boolean verify)
            throws IOException {
        if (!DirectoryReader.indexExists(directory)) {
            List<String> names;
            try (var files = Files.list(path)) {
                names = files.map(f -> f.getFileName().toString()).sorted().toList();
            }
            List<String> foreign = names.stream()
                    .filter(n -> !LUCENE_FILE.matcher(n).matches())
                    .toList();
            if (!foreign.isEmpty()) {
                throw new MemoryIndexException("the directory " + path + " is not empty and holds no Lucene"
                        + " index (it has " + String.join(", ", foreign.subList(0, Math.min(3, foreign.size())))
                        + (foreign.size() > 3 ? ", …" : "") + "); give the memory store a directory of its own");
            }
            if (names.stream().anyMatch(n -> n.startsWith("_"))) {
                throw new MemoryIndexException("the memory index at " + path + " is damaged: it has segment files"
                        + " but no commit point (no segments_N file); restore it from a backup, or delete the"
                        + " directory to start with an empty memory");
            }
            // empty, or what a creation that crashed left (the lock, a pending first commit): a new index
            return Map.of();
        }
        Map<String, String> data;
        try {
            data = SegmentInfos.readLatestCommit(directory).getUserData();
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                if (verify) {
                    for (LeafReaderContext leaf : reader.leaves()) {
                        leaf.reader().checkIntegrity(); // every file's checksum, so no flipped byte is read
                    }
                }
            }
        } catch (IndexFormatTooNewException | IndexFormatTooOldException e) {
            throw new MemoryIndexException(
                    "the index at " + path + " was written by a Lucene version this store" + " cannot read ("
                            + e.getMessage() + "); re-ingest the memory into a new directory",
                    e);
        } catch (AccessDeniedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MemoryIndexException(
                    "the memory index at " + path + " is corrupted (" + e
                            + "); restore it from a backup, or delete the directory to start with an empty memory",
                    e);
        }
        if (!LuceneMemoryStore.FORMAT_VERSION.equals(data.get(LuceneMemoryStore.FORMAT))) {
            throw new MemoryIndexException("the Lucene index at " + path + " is not a D³MAS memory index"
                    + (data.containsKey(LuceneMemoryStore.FORMAT)
                            ? " of format " + LuceneMemoryStore.FORMAT_VERSION + " (it has "
                                    + data.get(LuceneMemoryStore.FORMAT) + ")"
                            : "")
                    + "; give the memory store a directory of its own");
        }
        int stored = Integer.parseInt(data.getOrDefault(LuceneMemoryStore.DIMENSION, "0"));
        if (stored != dimension) {
            throw new MemoryIndexException("the memory index at " + path + " holds vectors of dimension " + stored
                    + ", but this store was opened for dimension " + dimension
                    + "; open it with the embedding model that wrote it");
        }
        return data;
    }
}
