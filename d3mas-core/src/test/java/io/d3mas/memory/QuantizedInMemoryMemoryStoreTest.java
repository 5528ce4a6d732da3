package io.d3mas.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.graph.Provenance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuantizedInMemoryMemoryStoreTest extends MemoryStoreContractTest {

    @Override
    protected MemoryStore newStore() {
        return InMemoryMemoryStore.builder().dimension(4).quantized(true).build();
    }

    @Test
    void should_find_what_the_exact_scan_finds_on_clustered_vectors_and_return_exact_scores() {
        int d = 64;
        Random random = new Random(7);
        float[][] centres = new float[20][d];
        for (float[] c : centres) {
            for (int i = 0; i < d; i++) {
                c[i] = (float) random.nextGaussian();
            }
        }
        List<MemoryRecord> records = new ArrayList<>();
        for (int n = 0; n < 40_000; n++) { // two search threads' worth of rows: the parallel path runs too
            float[] c = centres[n % centres.length];
            float[] v = new float[d];
            for (int i = 0; i < d; i++) {
                v[i] = c[i] + 0.6f * (float) random.nextGaussian();
            }
            records.add(new MemoryRecord("r" + n, "a" + (n % 5), "fact " + n, v, Provenance.of("a0", "test")));
        }
        InMemoryMemoryStore exact =
                InMemoryMemoryStore.builder().searchThreads(2).build();
        InMemoryMemoryStore int8 =
                InMemoryMemoryStore.builder().quantized(true).searchThreads(2).build();
        exact.addAll(records);
        int8.addAll(records);
        int found = 0;
        for (int q = 0; q < 50; q++) {
            float[] query =
                    records.get(random.nextInt(records.size())).embedding().clone();
            query[q % d] += 0.5f;
            List<MemoryHit> truth = exact.search(MemoryQuery.of(query, 10, 0.2));
            List<MemoryHit> approx = int8.search(MemoryQuery.of(query, 10, 0.2));
            Set<String> want = new HashSet<>();
            truth.forEach(h -> want.add(h.record().id()));
            for (MemoryHit h : approx) {
                found += want.contains(h.record().id()) ? 1 : 0;
                // the scores are exact, not estimates
                double cosine =
                        io.d3mas.metrics.Vectors.cosine(query, h.record().embedding());
                assertEquals(cosine, h.score(), 1e-5);
            }
        }
        double recall = found / 500.0;
        assertTrue(recall >= 0.95, "recall@10 of the int8 pre-selection was " + recall);
    }
}
