package io.d3mas.memory;

import io.d3mas.InvalidInputException;
import io.d3mas.metrics.Vectors;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * A top-k search over the union of the given owners' memories (paper eq. 9): records with cosine
 * similarity strictly above {@code minScore}, best first, at most {@code topK}.
 *
 * @param embedding the query vector; not copied, not modified
 * @param topK at least 1
 * @param minScore the threshold θ, in [-1, 1]
 * @param owners the agents whose memories are searched; empty means every agent
 * @since 0.1.0
 */
public record MemoryQuery(float[] embedding, int topK, double minScore, Set<String> owners) {

    public MemoryQuery {
        Objects.requireNonNull(embedding, "embedding");
        owners = Set.copyOf(Objects.requireNonNull(owners, "owners"));
        if (topK < 1) {
            throw new InvalidInputException("topK must be >= 1, was " + topK);
        }
        if (!(minScore >= -1 && minScore <= 1)) {
            throw new InvalidInputException("minScore must be in [-1, 1], was " + minScore);
        }
        int bad = Vectors.firstNonFinite(embedding);
        if (bad >= 0) {
            throw new InvalidInputException("query embedding has a non-finite value at index " + bad);
        }
    }

    /** A query over every agent's memory. */
    public static MemoryQuery of(float[] embedding, int topK, double minScore) {
        return new MemoryQuery(embedding, topK, minScore, Set.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryQuery q
                && Arrays.equals(embedding, q.embedding)
                && topK == q.topK
                && minScore == q.minScore
                && owners.equals(q.owners);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(embedding), topK, minScore, owners);
    }

    @Override
    public String toString() {
        return "MemoryQuery[dim=" + embedding.length + ", topK=" + topK + ", minScore=" + minScore + ", owners="
                + owners + "]";
    }
}
