package io.d3mas.memory;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import io.d3mas.InvalidInputException;
import io.d3mas.graph.Provenance;
import io.d3mas.metrics.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link MemoryStore} over any langchain4j {@link EmbeddingStore} of {@link TextSegment}s (pgvector, Qdrant,
 * Elasticsearch, Chroma, the in-memory one …), so that memory lives in a real database with no new code.
 *
 * <p>Each record is one embedding with its content as the segment's text and everything else in metadata:
 * {@code d3mas_id}, {@code d3mas_owner}, {@code d3mas_holder_0 … d3mas_holder_7} (the owner and the agents it is
 * shared with, so that the owner filter is one metadata filter), {@code d3mas_contributors},
 * {@code d3mas_source}, {@code d3mas_shared}, {@code d3mas_related} (JSON lists as strings). The store's id is
 * a name-based UUID of the record id (pgvector requires UUIDs). langchain4j scores are relevance
 * {@code (1 + cos) / 2}; this adapter converts θ to that scale and scores back to cosine, and keeps only scores
 * strictly above θ.
 *
 * <p>Writes are as atomic as the underlying {@code addAll} (one batch insert for pgvector); duplicate ids are
 * found with a metadata filter before writing. {@link #replaceAll} removes and re-adds, which is not atomic on
 * every store. The store must return embeddings with its matches (memory nodes carry them). Failures of the
 * database come out of {@code search} as they are; the engine reports them and goes on without that memory.
 *
 * @since 0.1.0
 */
public final class EmbeddingStoreMemoryStore implements MemoryStore {

    /** Most agents one record may be held by (owner plus shared). */
    public static final int MAX_HOLDERS = 8;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final EmbeddingStore<TextSegment> store;
    private final int dimension;
    private final Object writeLock = new Object();

    /**
     * @param store the embedding store; not closed by this adapter
     * @param dimension the dimension of the vectors it holds
     * @throws InvalidInputException if {@code dimension < 1}
     */
    public EmbeddingStoreMemoryStore(EmbeddingStore<TextSegment> store, int dimension) {
        this.store = Objects.requireNonNull(store, "store");
        if (dimension < 1) {
            throw new InvalidInputException("dimension must be >= 1, was " + dimension);
        }
        this.dimension = dimension;
    }

    @Override
    public void addAll(List<MemoryRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        synchronized (writeLock) { // the duplicate check and the write together, within this JVM
            Set<String> seen = new HashSet<>();
            for (MemoryRecord r : records) {
                check(r);
                if (!seen.add(r.id())) {
                    throw new InvalidInputException("a memory record with id '" + r.id() + "' already exists");
                }
            }
            List<String> existing = stored(List.copyOf(seen), records.get(0).embedding());
            if (!existing.isEmpty()) {
                throw new InvalidInputException("a memory record with id '" + existing.get(0) + "' already exists");
            }
            write(records);
        }
    }

    @Override
    public void replaceAll(List<MemoryRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        synchronized (writeLock) {
            Set<String> ids = new HashSet<>();
            for (MemoryRecord r : records) {
                check(r);
                if (!ids.add(r.id())) {
                    throw new InvalidInputException("memory record '" + r.id() + "' is replaced twice in one batch");
                }
            }
            Set<String> existing =
                    new HashSet<>(stored(List.copyOf(ids), records.get(0).embedding()));
            for (String id : ids) {
                if (!existing.contains(id)) {
                    throw new InvalidInputException("no memory record with id '" + id + "' to replace");
                }
            }
            store.removeAll(ids.stream().map(EmbeddingStoreMemoryStore::storeId).toList());
            write(records);
        }
    }

    @Override
    public List<MemoryHit> search(MemoryQuery query) {
        if (query.embedding().length != dimension) {
            throw new InvalidInputException(
                    "query has dimension " + query.embedding().length + " but this store holds dimension " + dimension
                            + "; embed queries and memory with the same model");
        }
        if (Vectors.norm(query.embedding()) == 0) {
            return List.of(); // a zero query is similar to nothing
        }
        EmbeddingSearchRequest.EmbeddingSearchRequestBuilder request = EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(query.embedding()))
                .maxResults(query.topK())
                .minScore(Math.max(0, (query.minScore() + 1) / 2));
        if (!query.owners().isEmpty()) {
            request.filter(heldByAny(query.owners()));
        }
        List<MemoryHit> hits = new ArrayList<>();
        for (EmbeddingMatch<TextSegment> m : store.search(request.build()).matches()) {
            double cosine = 2 * m.score() - 1;
            if (cosine > query.minScore()) {
                hits.add(new MemoryHit(record(m), cosine));
            }
        }
        return List.copyOf(hits);
    }

    @Override
    public OptionalInt dimension() {
        return OptionalInt.of(dimension);
    }

    /** The record ids among {@code ids} that the store holds. */
    private List<String> stored(List<String> ids, float[] anyVector) {
        EmbeddingSearchRequest request = EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(anyVector))
                .maxResults(ids.size())
                .minScore(0.0)
                .filter(metadataKey("d3mas_id").isIn(ids))
                .build();
        return store.search(request).matches().stream()
                .map(m -> m.embedded().metadata().getString("d3mas_id"))
                .toList();
    }

    private void write(List<MemoryRecord> records) {
        List<String> ids = new ArrayList<>();
        List<Embedding> vectors = new ArrayList<>();
        List<TextSegment> segments = new ArrayList<>();
        for (MemoryRecord r : records) {
            ids.add(storeId(r.id()));
            vectors.add(Embedding.from(r.embedding()));
            segments.add(TextSegment.from(r.content(), metadata(r)));
        }
        store.addAll(ids, vectors, segments);
    }

    private void check(MemoryRecord r) {
        if (r.embedding().length != dimension) {
            throw new InvalidInputException("record '" + r.id() + "' has an embedding of dimension "
                    + r.embedding().length + " but this store holds dimension " + dimension
                    + "; embed all memory with the same model");
        }
        if (r.owners().size() > MAX_HOLDERS) {
            throw new InvalidInputException("record '" + r.id() + "' is held by "
                    + r.owners().size() + " agents; this store keeps at most " + MAX_HOLDERS);
        }
    }

    private static Filter heldByAny(Set<String> owners) {
        Filter any = metadataKey("d3mas_holder_0").isIn(owners);
        for (int i = 1; i < MAX_HOLDERS; i++) {
            any = Filter.or(any, metadataKey("d3mas_holder_" + i).isIn(owners));
        }
        return any;
    }

    private static Metadata metadata(MemoryRecord r) {
        Map<String, Object> m = new HashMap<>();
        m.put("d3mas_id", r.id());
        m.put("d3mas_owner", r.ownerAgentId());
        List<String> holders = r.owners();
        for (int i = 0; i < holders.size(); i++) {
            m.put("d3mas_holder_" + i, holders.get(i));
        }
        m.put("d3mas_contributors", json(r.provenance().contributors()));
        m.put("d3mas_source", r.provenance().source());
        m.put("d3mas_shared", json(r.sharedWith()));
        m.put("d3mas_related", json(r.related()));
        return Metadata.from(m);
    }

    private static MemoryRecord record(EmbeddingMatch<TextSegment> m) {
        TextSegment segment = m.embedded();
        if (segment == null || m.embedding() == null) {
            throw new IllegalStateException("the embedding store returned match " + m.embeddingId()
                    + " without its text or embedding; configure it to return both");
        }
        Metadata meta = segment.metadata();
        String id = meta.getString("d3mas_id");
        if (id == null) {
            throw new IllegalStateException("the embedding store holds an entry (" + m.embeddingId()
                    + ") that this adapter did not write: it has no d3mas_id; use a store of its own for memory");
        }
        String source = meta.getString("d3mas_source");
        return new MemoryRecord(
                id,
                meta.getString("d3mas_owner"),
                segment.text(),
                m.embedding().vector(),
                new Provenance(list(meta.getString("d3mas_contributors")), source == null ? "" : source),
                list(meta.getString("d3mas_shared")),
                list(meta.getString("d3mas_related")));
    }

    static String storeId(String recordId) {
        return UUID.nameUUIDFromBytes(("d3mas:" + recordId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a list of strings as JSON", e);
        }
    }

    private static List<String> list(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a d3mas metadata value is not a JSON list: " + json, e);
        }
    }
}
