package io.d3mas.embed.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;

/** What {@link LuceneMemoryStore} checks before it opens a directory. */
final class IndexCheck {

    private IndexCheck() {}

    /** The stored commit data, empty for a new index; throws for an index this store cannot use. */
    static Map<String, String> existing(Directory directory, Path path, int dimension) throws IOException {
        if (!DirectoryReader.indexExists(directory)) {
            try (var files = Files.list(path)) {
                if (files.anyMatch(f -> !f.getFileName().toString().equals("write.lock"))) {
                    throw new MemoryIndexException("the directory " + path + " is not empty and holds no Lucene"
                            + " index; give the memory store a directory of its own");
                }
            }
            return Map.of();
        }
        Map<String, String> data;
        try {
            data = SegmentInfos.readLatestCommit(directory).getUserData();
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                reader.numDocs(); // opens every segment: checksums of the segment files are checked
            }
        } catch (CorruptIndexException e) {
            throw new MemoryIndexException(
                    "the memory index at " + path + " is corrupted (" + e.getMessage()
                            + "); restore it from a backup, or delete the directory to start with an empty memory",
                    e);
        } catch (IndexFormatTooNewException | IndexFormatTooOldException e) {
            throw new MemoryIndexException(
                    "the index at " + path + " was written by a Lucene version this store" + " cannot read ("
                            + e.getMessage() + "); re-ingest the memory into a new directory",
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
