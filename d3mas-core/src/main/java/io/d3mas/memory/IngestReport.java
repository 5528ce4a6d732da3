package io.d3mas.memory;

import java.util.List;
import java.util.Map;

/**
 * What one {@link MemoryIngestor#ingest} call did.
 *
 * @param chunks chunks the documents were split into
 * @param added the new records, in document order
 * @param merged near-duplicate chunks: the id of the record each was merged into (in this call or already
 *     stored), by "source#chunk"
 * @param notMerged chunks that are near-duplicates of stored records the store could not update (its
 *     {@link MemoryStore#replaceAll} is not supported): their contributors are not recorded
 * @param relateEdges RELATE edges the new records carry
 * @since 0.1.0
 */
public record IngestReport(
        int chunks, List<MemoryRecord> added, Map<String, String> merged, List<String> notMerged, int relateEdges) {

    public IngestReport {
        added = List.copyOf(added);
        merged = Map.copyOf(merged);
        notMerged = List.copyOf(notMerged);
    }

    /** New records held by more than one agent. */
    public long shared() {
        return added.stream().filter(r -> !r.sharedWith().isEmpty()).count();
    }
}
