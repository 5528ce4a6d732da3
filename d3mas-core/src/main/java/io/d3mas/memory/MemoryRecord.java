package io.d3mas.memory;

import io.d3mas.graph.Provenance;
import io.d3mas.metrics.Vectors;
import java.util.Arrays;
import java.util.Objects;

/**
 * One piece of knowledge in an agent's memory: a future MEMORY node.
 *
 * <p>The embedding array is owned by the record and must not be modified after construction.
 *
 * @param id unique within a store
 * @param ownerAgentId the agent whose memory subgraph holds it
 * @param content the text, not blank
 * @param embedding finite values
 * @param provenance who contributed it, from which source
 */
public record MemoryRecord(String id, String ownerAgentId, String content, float[] embedding, Provenance provenance) {

    public MemoryRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerAgentId, "ownerAgentId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(provenance, "provenance");
        if (id.isBlank()) {
            throw new IllegalArgumentException("memory record id must not be blank");
        }
        if (content.isBlank()) {
            throw new IllegalArgumentException(
                    "memory record '" + id + "' has blank content; store text that says something");
        }
        if (embedding.length == 0) {
            throw new IllegalArgumentException("memory record '" + id + "' has an empty embedding");
        }
        int bad = Vectors.firstNonFinite(embedding);
        if (bad >= 0) {
            throw new IllegalArgumentException("memory record '" + id + "' has a non-finite embedding value "
                    + embedding[bad] + " at index " + bad);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryRecord r
                && id.equals(r.id)
                && ownerAgentId.equals(r.ownerAgentId)
                && content.equals(r.content)
                && Arrays.equals(embedding, r.embedding)
                && provenance.equals(r.provenance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, ownerAgentId, content, Arrays.hashCode(embedding), provenance);
    }

    @Override
    public String toString() {
        return "MemoryRecord[" + id + ", owner=" + ownerAgentId + "]: " + content;
    }
}
