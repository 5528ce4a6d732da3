package io.d3mas.embed.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.InvalidInputException;
import io.d3mas.StoreOutageCheck;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryStore;
import io.d3mas.memory.MemoryStoreContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneMemoryStoreTest extends MemoryStoreContractTest {

    @TempDir
    Path dir;

    private final List<LuceneMemoryStore> opened = new ArrayList<>();
    private int stores;

    @Override
    protected MemoryStore newStore() {
        return open(dir.resolve("store-" + stores++), 4);
    }

    @Override
    protected int recordsPerWriter() {
        return 60; // every add is a commit with fsync
    }

    private LuceneMemoryStore open(Path path, int dimension) {
        LuceneMemoryStore s = LuceneMemoryStore.builder(path, dimension).open();
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(LuceneMemoryStore::close);
    }

    @Test
    void should_keep_records_across_a_restart() {
        Path path = dir.resolve("restart");
        LuceneMemoryStore first = open(path, 4);
        first.add(record("a", "x", 1, 0, 0, 0));
        first.add(record("b", "y", 0, 1, 0, 0));
        first.close();
        LuceneMemoryStore again = open(path, 4);
        assertEquals(2, again.size());
        assertEquals(
                "a",
                again.search(MemoryQuery.of(new float[] {1, 0, 0, 0}, 1, 0))
                        .get(0)
                        .record()
                        .id());
        assertThrows(InvalidInputException.class, () -> again.add(record("a", "x", 1, 0, 0, 0)));
        // ties still go by insertion order after the restart
        again.add(record("c", "x", 1, 0, 0, 0));
        assertEquals(
                List.of("a", "c"),
                again.search(MemoryQuery.of(new float[] {1, 0, 0, 0}, 2, 0)).stream()
                        .map(h -> h.record().id())
                        .toList());
    }

    /** Six batches of ten random records: six commits, so more than one segment. */
    private static void fill(LuceneMemoryStore s, long seed) {
        java.util.Random r = new java.util.Random(seed);
        for (int batch = 0; batch < 6; batch++) {
            List<io.d3mas.memory.MemoryRecord> records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                records.add(record(
                        "r" + batch + "-" + i,
                        "agent" + i % 3,
                        (float) r.nextGaussian(),
                        (float) r.nextGaussian(),
                        (float) r.nextGaussian(),
                        (float) r.nextGaussian()));
            }
            s.addAll(records);
        }
    }

    private static List<String> top(LuceneMemoryStore s, float... q) {
        return s.search(MemoryQuery.of(q, 5, -1)).stream()
                .map(h -> h.record().id() + "@" + Math.round(h.score() * 1e6))
                .toList();
    }

    @Test
    void should_merge_into_fewer_segments_and_answer_the_same() {
        LuceneMemoryStore s = open(dir.resolve("merge"), 4);
        fill(s, 5);
        assertTrue(s.segments() > 1, "six commits: " + s.segments() + " segment(s)");
        List<String> before = top(s, 1, 2, 3, 4);
        s.forceMerge(1);
        assertEquals(1, s.segments());
        assertEquals(60, s.size());
        assertEquals(before, top(s, 1, 2, 3, 4));
        s.add(record("late", "agent0", 1, 2, 3, 4));
        assertEquals("late@1000000", top(s, 1, 2, 3, 4).get(0), "writes go on after a merge");
        assertThrows(InvalidInputException.class, () -> s.forceMerge(0));
        s.close();
        assertThrows(IllegalStateException.class, () -> s.forceMerge(1));
    }

    @Test
    void should_search_segments_in_parallel_with_the_answers_of_one_thread() {
        LuceneMemoryStore one = LuceneMemoryStore.builder(dir.resolve("one"), 4)
                .searchThreads(1)
                .open();
        LuceneMemoryStore four = LuceneMemoryStore.builder(dir.resolve("four"), 4)
                .searchThreads(4)
                .open();
        opened.add(one);
        opened.add(four);
        fill(one, 9);
        fill(four, 9);
        assertTrue(four.segments() > 1);
        java.util.Random r = new java.util.Random(2);
        for (int i = 0; i < 20; i++) {
            float[] q = {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian(), 1};
            assertEquals(top(one, q), top(four, q));
        }
        assertThrows(InvalidInputException.class, () -> LuceneMemoryStore.builder(dir.resolve("x"), 4)
                .searchThreads(0));
    }

    @Test
    void should_refuse_an_index_of_another_dimension_naming_both() {
        Path path = dir.resolve("dims");
        open(path, 4).close();
        MemoryIndexException e = assertThrows(MemoryIndexException.class, () -> open(path, 384));
        assertTrue(e.getMessage().contains("dimension 4") && e.getMessage().contains("384"), e.getMessage());
    }

    @Test
    void should_refuse_a_lucene_index_it_did_not_write() throws IOException {
        Path path = dir.resolve("foreign");
        try (IndexWriter w = new IndexWriter(FSDirectory.open(path), new IndexWriterConfig())) {
            Document d = new Document();
            d.add(new StringField("title", "someone else's index", Field.Store.YES));
            w.addDocument(d);
            w.commit();
        }
        MemoryIndexException e = assertThrows(MemoryIndexException.class, () -> open(path, 4));
        assertTrue(e.getMessage().contains("not a D³MAS memory index"), e.getMessage());
    }

    @Test
    void should_refuse_a_directory_of_other_files() throws IOException {
        Path path = dir.resolve("other");
        Files.createDirectories(path);
        Files.writeString(path.resolve("notes.txt"), "hello");
        MemoryIndexException e = assertThrows(MemoryIndexException.class, () -> open(path, 4));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    }

    @Test
    void should_detect_a_corrupted_index() throws IOException {
        Path path = dir.resolve("corrupt");
        LuceneMemoryStore s = open(path, 4);
        s.add(record("a", "x", 1, 0, 0, 0));
        s.close();
        try (Stream<Path> files = Files.list(path)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("segments_"))
                    .toList()) {
                byte[] bytes = Files.readAllBytes(f);
                bytes[bytes.length / 2] ^= 0x5A; // one flipped byte: the checksum no longer matches
                Files.write(f, bytes);
            }
        }
        RuntimeException e = assertThrows(RuntimeException.class, () -> open(path, 4));
        assertTrue(
                e instanceof MemoryIndexException && e.getMessage().contains("corrupted"), e + ": " + e.getMessage());
    }

    @Test
    void should_say_it_is_closed_when_used_after_close() {
        LuceneMemoryStore s = open(dir.resolve("closed"), 4);
        s.add(record("a", "x", 1, 0, 0, 0));
        s.close();
        s.close(); // idempotent
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> s.search(MemoryQuery.of(new float[] {1, 0, 0, 0}, 1, 0)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.add(record("b", "x", 1, 0, 0, 0)));
    }

    @Test
    void should_not_open_one_directory_twice() {
        Path path = dir.resolve("twice");
        open(path, 4);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> open(path, 4));
        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    }

    @Test
    void should_let_a_solve_go_on_without_memory_when_the_store_is_closed_mid_solve() {
        LuceneMemoryStore store = open(dir.resolve("mid-solve"), 64);
        List<io.d3mas.SolveWarning> warnings =
                StoreOutageCheck.solveAfterOutage(new WordHashEmbeddingModel(64), store, store::close);
        assertTrue(warnings.stream().anyMatch(w -> w.message().contains("is closed")), warnings.toString());
    }
}
