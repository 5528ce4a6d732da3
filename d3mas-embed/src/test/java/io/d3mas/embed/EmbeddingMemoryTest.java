package io.d3mas.embed;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** A long loop must not grow native or heap memory: every call's tensors are released. */
class EmbeddingMemoryTest {

    private static final Path STATUS = Path.of("/proc/self/status");

    @Test
    void fiftyThousandEmbedCallsDoNotGrowResidentMemory() throws IOException {
        assumeTrue(Files.isReadable(STATUS), "RSS is read from /proc/self/status; not available on this OS");
        try (BgeEmbeddingModel bge =
                BgeEmbeddingModel.bgeSmallEnV15Quantized().cacheSize(0).build()) {
            int calls = 50_000;
            int warmUp = 5_000;
            long afterWarmUp = 0;
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                bge.embed("memory node " + (i % 1000) + " of agent " + (i % 7));
                if (i == warmUp) {
                    System.gc();
                    afterWarmUp = rssKiB();
                }
            }
            System.gc();
            long end = rssKiB();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%d embed calls in %.1f s: RSS %d MiB after %d calls, %d MiB at the end (%+d MiB)%n",
                    calls,
                    seconds,
                    afterWarmUp / 1024,
                    warmUp,
                    end / 1024,
                    (end - afterWarmUp) / 1024);
            assertTrue(end - afterWarmUp < 64 * 1024, "RSS grew by " + (end - afterWarmUp) / 1024 + " MiB");
        }
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS line in " + STATUS);
    }
}
