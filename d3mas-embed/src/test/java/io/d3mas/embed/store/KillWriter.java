package io.d3mas.embed.store;

import io.d3mas.graph.Provenance;
import io.d3mas.memory.MemoryRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of the crash test: prints "OPEN" before it opens (or creates) the store, then adds records
 * one batch at a time and prints "ACK n" after each write returns, until it is killed. Ids are "{prefix}r{n}a"
 * and "{prefix}r{n}b".
 */
public final class KillWriter {

    private KillWriter() {}

    public static void main(String[] args) {
        String prefix = args.length > 1 ? args[1] : "";
        System.out.println("OPEN");
        System.out.flush();
        LuceneMemoryStore store = LuceneMemoryStore.builder(Path.of(args[0]), 4).open();
        for (int n = 0; ; n++) {
            float x = n;
            store.addAll(List.of(
                    new MemoryRecord(
                            prefix + "r" + n + "a",
                            "x",
                            "fact " + n,
                            new float[] {1, x, 0, 0},
                            Provenance.of("x", "t")),
                    new MemoryRecord(
                            prefix + "r" + n + "b",
                            "x",
                            "fact " + n,
                            new float[] {0, x, 1, 0},
                            Provenance.of("x", "t"))));
            System.out.println("ACK " + n);
            System.out.flush();
        }
    }
}
