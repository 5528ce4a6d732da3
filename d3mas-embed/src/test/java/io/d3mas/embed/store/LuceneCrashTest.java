package io.d3mas.embed.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged writes survive kill -9 of the writing process; unacknowledged batches are whole or absent. */
class LuceneCrashTest {

    @Test
    void should_keep_every_acknowledged_write_after_kill_9(@TempDir Path dir) throws Exception {
        Path index = dir.resolve("memory");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        KillWriter.class.getName(),
                        index.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int acknowledged = -1;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("ACK ")) {
                    continue;
                }
                acknowledged = Integer.parseInt(line.substring(4));
                if (acknowledged >= 25) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
                    break;
                }
            }
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
        assertTrue(acknowledged >= 25, "the writer acknowledged only " + acknowledged + " writes");

        try (LuceneMemoryStore store = LuceneMemoryStore.builder(index, 4).open()) {
            List<MemoryHit> all = store.search(MemoryQuery.of(new float[] {1, 1, 1, 0}, 10_000, -1));
            Set<String> ids = new HashSet<>();
            all.forEach(h -> ids.add(h.record().id()));
            for (int n = 0; n <= acknowledged; n++) {
                assertTrue(ids.contains("r" + n + "a") && ids.contains("r" + n + "b"), "lost acknowledged write " + n);
            }
            for (int n = 0; n < ids.size() / 2 + 2; n++) { // batches after the last ACK: both records or neither
                assertEquals(ids.contains("r" + n + "a"), ids.contains("r" + n + "b"), "half a batch " + n);
            }
        }
    }

    /**
     * Kills the writer at random points, some while it creates the index (its first commit), and reopens the
     * directory each time: it always opens, and every acknowledged batch is there.
     */
    @Test
    void should_always_reopen_and_keep_what_was_acknowledged_when_killed_at_random_points(@TempDir Path dir)
            throws Exception {
        java.util.Random random = new java.util.Random(5);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Set<String> acknowledged = new HashSet<>();
        Path index = dir.resolve("memory");
        int early = 0;
        for (int trial = 0; trial < 16; trial++) {
            boolean whileOpening = trial % 4 != 3;
            if (whileOpening) {
                index = dir.resolve("memory-" + trial); // a new directory: the kill may come during its creation
            }
            Process child = new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            KillWriter.class.getName(),
                            index.toString(),
                            "t" + trial + "-")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            int killAfter = 1 + random.nextInt(12);
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("OPEN") && whileOpening) {
                        Thread.sleep(random.nextInt(700)); // from class loading to the first commit and on
                        child.destroyForcibly();
                        early++;
                        break;
                    }
                    if (line.startsWith("ACK ")) {
                        int n = Integer.parseInt(line.substring(4));
                        acknowledged.add("t" + trial + "-r" + n + "a");
                        acknowledged.add("t" + trial + "-r" + n + "b");
                        if (n + 1 >= killAfter) {
                            child.destroyForcibly();
                            break;
                        }
                    }
                }
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
            try (LuceneMemoryStore store = LuceneMemoryStore.builder(index, 4).open()) {
                Set<String> ids = new HashSet<>();
                store.search(MemoryQuery.of(new float[] {1, 1, 1, 0}, 100_000, -1))
                        .forEach(h -> ids.add(h.record().id()));
                for (String id : acknowledged) {
                    if (id.startsWith("t" + trial + "-")) {
                        assertTrue(ids.contains(id), "trial " + trial + " lost acknowledged record " + id);
                    }
                }
            }
        }
        assertTrue(early >= 8, early + " kills while opening");
    }
}
