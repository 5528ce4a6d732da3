package io.d3mas.embed.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.InvalidInputException;
import io.d3mas.graph.Provenance;
import io.d3mas.memory.InMemoryMemoryStore;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged directory is reported as such, never read as altered records; a crashed creation reopens. */
class LuceneDamageTest {

    @TempDir
    Path dir;

    private static MemoryRecord record(int n) {
        Random r = new Random(n);
        float[] v = {r.nextFloat(), r.nextFloat(), r.nextFloat(), r.nextFloat() + 0.1f};
        return new MemoryRecord(
                "c-" + n,
                "agent" + (n % 3),
                "fact number " + n + " about topic " + (n * 7 % 13),
                v,
                Provenance.of("agent" + (n % 3), "source-" + n));
    }

    private static Map<String, MemoryRecord> all(LuceneMemoryStore s) {
        Map<String, MemoryRecord> out = new HashMap<>();
        for (MemoryHit h : s.search(MemoryQuery.of(new float[] {1, 1, 1, 1}, 10_000, -1))) {
            out.put(h.record().id(), h.record());
        }
        return out;
    }

    @Test
    void should_open_a_directory_left_by_a_crash_while_the_index_was_created() throws IOException {
        Path path = dir.resolve("crashed");
        Files.createDirectories(path);
        Files.write(path.resolve("write.lock"), new byte[0]);
        Files.write(path.resolve("pending_segments_1"), new byte[] {63, 108, 23, 1, 9});
        try (LuceneMemoryStore s = LuceneMemoryStore.builder(path, 4).open()) {
            assertEquals(0, s.size());
            s.add(record(1));
            assertEquals(1, s.size());
        }
        try (LuceneMemoryStore s = LuceneMemoryStore.builder(path, 4).open()) {
            assertEquals(1, s.size());
        }
    }

    @Test
    void should_call_an_index_without_its_commit_point_damaged() throws IOException {
        Path path = dir.resolve("no-commit");
        try (LuceneMemoryStore s = LuceneMemoryStore.builder(path, 4).open()) {
            s.add(record(1));
        }
        try (Stream<Path> files = Files.list(path)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("segments_"))
                    .toList()) {
                Files.delete(f);
            }
        }
        MemoryIndexException e = assertThrows(MemoryIndexException.class, () -> LuceneMemoryStore.builder(path, 4)
                .open());
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("segments_"), e.getMessage());
    }

    @Test
    void should_report_every_flipped_byte_as_damage_or_read_the_records_unchanged() throws IOException {
        Path pristine = dir.resolve("pristine");
        Map<String, MemoryRecord> expected;
        try (LuceneMemoryStore s = LuceneMemoryStore.builder(pristine, 4).open()) {
            for (int batch = 0; batch < 4; batch++) {
                List<MemoryRecord> records = new ArrayList<>();
                for (int n = batch * 30; n < batch * 30 + 30; n++) {
                    records.add(record(n));
                }
                s.addAll(records);
            }
            expected = all(s);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(pristine)) {
            files = list.filter(f -> !f.getFileName().toString().equals("write.lock"))
                    .sorted()
                    .toList();
        }
        Random random = new Random(17);
        int trials = 0;
        int detected = 0;
        List<String> wrong = new ArrayList<>();
        for (Path file : files) {
            long size = Files.size(file);
            for (int t = 0; t < 6 && size > 0; t++) {
                long at = t == 0 ? size - 1 : t == 1 ? 0 : (long) (random.nextDouble() * size);
                Path copy = dir.resolve("trial-" + trials++);
                copyDirectory(pristine, copy);
                Path damaged = copy.resolve(file.getFileName());
                byte[] bytes = Files.readAllBytes(damaged);
                bytes[(int) at] ^= (byte) (1 + random.nextInt(255));
                Files.write(damaged, bytes);
                try (LuceneMemoryStore s = LuceneMemoryStore.builder(copy, 4).open()) {
                    Map<String, MemoryRecord> read = all(s);
                    if (!same(expected, read)) {
                        wrong.add(file.getFileName() + "@" + at);
                    }
                } catch (MemoryIndexException e) {
                    detected++;
                } catch (RuntimeException e) {
                    wrong.add(file.getFileName() + "@" + at + " threw " + e);
                }
            }
        }
        assertTrue(
                wrong.isEmpty(),
                wrong.size() + " of " + trials + " damaged copies read wrong or failed"
                        + " without MemoryIndexException: " + wrong);
        assertTrue(detected > trials / 2, detected + " of " + trials + " detected");
    }

    private static boolean same(Map<String, MemoryRecord> a, Map<String, MemoryRecord> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String id : a.keySet()) {
            MemoryRecord x = a.get(id);
            MemoryRecord y = b.get(id);
            if (!x.content().equals(y.content())
                    || !java.util.Arrays.equals(x.embedding(), y.embedding())
                    || !x.owners().equals(y.owners())
                    || !x.provenance().equals(y.provenance())) {
                return false;
            }
        }
        return true;
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void should_say_what_is_wrong_with_a_path_that_cannot_hold_an_index() throws IOException {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        RuntimeException e = assertThrows(
                RuntimeException.class, () -> LuceneMemoryStore.builder(file, 4).open());
        assertTrue(
                e instanceof InvalidInputException && e.getMessage().contains("is a file, not a directory"),
                e + ": " + e.getMessage());
    }

    /** Fails every new file while {@code full} is set, as a full disk would. */
    static final class FullDisk extends org.apache.lucene.store.FilterDirectory {
        volatile boolean full;

        FullDisk(org.apache.lucene.store.Directory in) {
            super(in);
        }

        @Override
        public org.apache.lucene.store.IndexOutput createOutput(String name, org.apache.lucene.store.IOContext c)
                throws IOException {
            if (full) {
                throw new IOException("No space left on device (injected)");
            }
            return super.createOutput(name, c);
        }

        @Override
        public org.apache.lucene.store.IndexOutput createTempOutput(
                String prefix, String suffix, org.apache.lucene.store.IOContext c) throws IOException {
            if (full) {
                throw new IOException("No space left on device (injected)");
            }
            return super.createTempOutput(prefix, suffix, c);
        }
    }

    @Test
    void should_keep_working_after_a_write_fails_inside_lucene() {
        FullDisk[] disk = new FullDisk[1];
        Path path = dir.resolve("full");
        try (LuceneMemoryStore s = LuceneMemoryStore.builder(path, 4)
                .wrapDirectory(d -> disk[0] = new FullDisk(d))
                .open()) {
            s.add(record(1));
            disk[0].full = true;
            UncheckedIOException e =
                    assertThrows(UncheckedIOException.class, () -> s.addAll(List.of(record(2), record(3))));
            assertTrue(e.getMessage().contains("none was stored"), e.getMessage());
            disk[0].full = false;
            assertEquals(1, s.size(), "the failed batch left nothing");
            s.addAll(List.of(record(2), record(3)));
            assertEquals(3, s.size());
            assertEquals(3, all(s).size());
        }
        try (LuceneMemoryStore s = LuceneMemoryStore.builder(path, 4).open()) {
            Map<String, MemoryRecord> back = all(s);
            assertEquals(3, back.size());
            assertEquals(record(3).content(), back.get("c-3").content());
        }
    }

    @Test
    void should_never_report_the_store_closed_to_searches_running_while_writes_fail() throws Exception {
        FullDisk[] disk = new FullDisk[1];
        try (LuceneMemoryStore s = LuceneMemoryStore.builder(dir.resolve("busy"), 4)
                .wrapDirectory(d -> disk[0] = new FullDisk(d))
                .open()) {
            s.add(record(0));
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread searcher = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        assertEquals(
                                1,
                                s.search(MemoryQuery.of(new float[] {1, 1, 1, 1}, 10, -1))
                                        .size());
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }
            });
            searcher.start();
            disk[0].full = true;
            for (int i = 0; i < 40; i++) {
                int n = i + 1;
                assertThrows(UncheckedIOException.class, () -> s.add(record(n)));
            }
            stop.set(true);
            searcher.join(10_000);
            assertTrue(
                    errors.isEmpty(),
                    errors.size() + " searches failed, first: " + (errors.isEmpty() ? "" : errors.get(0)));
        }
    }

    @Test
    void should_refuse_a_dimension_lucene_cannot_index_before_anything_is_written() {
        LuceneMemoryStore.builder(dir.resolve("max"), LuceneMemoryStore.MAX_DIMENSION)
                .open()
                .close();
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> LuceneMemoryStore.builder(dir.resolve("openai"), 1536));
        assertTrue(e.getMessage().contains("1024") && e.getMessage().contains("1536"), e.getMessage());
    }

    @Test
    void should_say_permission_denied_for_a_read_only_directory() throws IOException {
        Path ro = dir.resolve("ro-empty");
        Files.createDirectories(ro);
        assertTrue(ro.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(
                    Files.isWritable(ro), "running as root: a read-only directory is writable, nothing to check");
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> LuceneMemoryStore.builder(ro, 4)
                    .open());
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    @Test
    void should_store_unpaired_surrogates_as_the_in_memory_store_does() {
        MemoryRecord r = new MemoryRecord("s", "a", "river \ud800 Seine", new float[] {1, 0, 0, 0}, Provenance.QUERY);
        InMemoryMemoryStore memory = new InMemoryMemoryStore();
        memory.add(r);
        try (LuceneMemoryStore lucene =
                LuceneMemoryStore.builder(dir.resolve("surrogates"), 4).open()) {
            lucene.add(r);
            MemoryQuery q = MemoryQuery.of(new float[] {1, 0, 0, 0}, 1, -1);
            MemoryRecord fromLucene = lucene.search(q).get(0).record();
            MemoryRecord fromMemory = memory.search(q).get(0).record();
            assertEquals(fromMemory.content(), fromLucene.content());
            assertEquals("river \ufffd Seine", fromLucene.content());
            assertArrayEquals(fromMemory.embedding(), fromLucene.embedding());
        }
    }
}
