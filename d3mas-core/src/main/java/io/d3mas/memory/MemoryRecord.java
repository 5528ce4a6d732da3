package io.d3mas.memory;

import io.d3mas.InvalidInputException;
import io.d3mas.graph.Provenance;
import io.d3mas.metrics.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One piece of knowledge in an agent's memory: a future MEMORY node.
 *
 * <p>The embedding array is owned by the record and must not be modified after construction.
 *
 * @param id unique within a store; at most {@link #MAX_ID_BYTES} bytes in UTF-8, no unpaired surrogates
 * @param ownerAgentId the agent whose memory subgraph holds it; at most {@link #MAX_ID_BYTES} bytes in UTF-8
 * @param content the text, not blank; an unpaired surrogate (not a character) becomes U+FFFD, as every store
 *     would write it
 * @param embedding finite values
 * @param provenance who contributed it, from which source
 * @param sharedWith other agents whose memory subgraphs hold it too (an item close to several agents' profiles,
 *     like m3 in the paper's Figure 2); never the owner, no repeats
 * @param related ids of records this one is related to (RELATE edges, undirected: kept on the newer record of
 *     a pair, so that stored records never change when later ones arrive); never its own id, no repeats
 *
 * @since 0.1.0
 */
public record MemoryRecord(
        String id,
        String ownerAgentId,
        String content,
        float[] embedding,
        Provenance provenance,
        List<String> sharedWith,
        List<String> related) {

    /** The longest record id, in UTF-8 bytes: ids are index keys, and Lucene refuses keys over 32,766 bytes. */
    public static final int MAX_ID_BYTES = 4096;

    public MemoryRecord {
        Objects.requireNonNull(id, "id");
        if (Objects.requireNonNull(content, "content").chars().anyMatch(c -> Character.isSurrogate((char) c))) {
            content = wellFormed(content);
        }
        checkKey("memory record id", id, "a hash of a long source");
        checkKey("memory record '" + id + "': owner id", Objects.requireNonNull(ownerAgentId, "ownerAgentId"), "");
        for (String other : Objects.requireNonNull(sharedWith, "sharedWith")) {
            checkKey("memory record '" + id + "': sharedWith id", other, "");
        }
        if (!wellFormed(id).equals(id)) {
            throw new InvalidInputException(
                    "memory record id '" + wellFormed(id) + "' holds an unpaired surrogate; ids must be text");
        }
        Objects.requireNonNull(ownerAgentId, "ownerAgentId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(provenance, "provenance");
        sharedWith = List.copyOf(Objects.requireNonNull(sharedWith, "sharedWith"));
        related = List.copyOf(Objects.requireNonNull(related, "related"));
        if (id.isBlank()) {
            throw new InvalidInputException("memory record id must not be blank");
        }
        if (ownerAgentId.isBlank()) {
            throw new InvalidInputException("memory record '" + id + "' has a blank owner; name an agent id");
        }
        if (content.isBlank()) {
            throw new InvalidInputException(
                    "memory record '" + id + "' has blank content; store text that says something");
        }
        if (embedding.length == 0) {
            throw new InvalidInputException("memory record '" + id + "' has an empty embedding");
        }
        int bad = Vectors.firstNonFinite(embedding);
        if (bad >= 0) {
            throw new InvalidInputException("memory record '" + id + "' has a non-finite embedding value "
                    + embedding[bad] + " at index " + bad);
        }
        if (sharedWith.contains(ownerAgentId) || new LinkedHashSet<>(sharedWith).size() != sharedWith.size()) {
            throw new InvalidInputException("memory record '" + id + "': sharedWith " + sharedWith
                    + " must list other agents than the owner '" + ownerAgentId + "', each once");
        }
        if (related.contains(id) || new LinkedHashSet<>(related).size() != related.size()) {
            throw new InvalidInputException(
                    "memory record '" + id + "': related " + related + " must list other records, each once");
        }
    }

    /** Ids are index keys: at most {@link #MAX_ID_BYTES} bytes in UTF-8. */
    private static void checkKey(String what, String key, String hint) {
        int bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_ID_BYTES) {
            throw new InvalidInputException(what + " '" + key.substring(0, 60) + "…' has " + bytes
                    + " bytes in UTF-8, more than " + MAX_ID_BYTES + "; use a shorter id"
                    + (hint.isEmpty() ? "" : " (" + hint + ")"));
        }
    }

    /** The text with every unpaired surrogate replaced by U+FFFD. */
    private static String wellFormed(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return out.toString();
    }

    /** A record owned by one agent, with no relations. */
    public MemoryRecord(String id, String ownerAgentId, String content, float[] embedding, Provenance provenance) {
        this(id, ownerAgentId, content, embedding, provenance, List.of(), List.of());
    }

    /**
     * A record owned by one agent, contributed by it, from no named source, with no relations.
     *
     * <pre>{@code
     * MemoryRecord fact = MemoryRecord.of("fact-1", "geo", "Paris is the capital of France.", vector);
     * }</pre>
     *
     * @throws InvalidInputException as the canonical constructor does, saying what to fix
     */
    public static MemoryRecord of(String id, String ownerAgentId, String content, float[] embedding) {
        return builder(id, ownerAgentId, content, embedding).build();
    }

    /**
     * A record to complete with a source, the agents it is shared with and the records it relates to; unset parts
     * default as in {@link #of}.
     *
     * <pre>{@code
     * MemoryRecord fact = MemoryRecord.builder("fact-2", "geo", "The Seine flows through Paris.", vector)
     *         .source("atlas.pdf")
     *         .sharedWith("history")
     *         .related("fact-1")
     *         .build();
     * }</pre>
     */
    public static Builder builder(String id, String ownerAgentId, String content, float[] embedding) {
        return new Builder(id, ownerAgentId, content, embedding);
    }

    /** Completes a record ({@link #builder}); {@link #build()} checks it as the canonical constructor does. */
    public static final class Builder {
        private final String id;
        private final String ownerAgentId;
        private final String content;
        private final float[] embedding;
        private List<String> contributors;
        private String source = "";
        private List<String> sharedWith = List.of();
        private List<String> related = List.of();

        private Builder(String id, String ownerAgentId, String content, float[] embedding) {
            this.id = id;
            this.ownerAgentId = ownerAgentId;
            this.content = content;
            this.embedding = embedding;
            this.contributors = ownerAgentId == null ? List.of() : List.of(ownerAgentId);
        }

        /** Where the content was taken from: a document, a URL, a tool. Default: empty. */
        public Builder source(String value) {
            this.source = Objects.requireNonNull(value, "source");
            return this;
        }

        /** The agents that contributed the content, in order. Default: the owner. */
        public Builder contributors(String... agentIds) {
            this.contributors = List.of(agentIds);
            return this;
        }

        /** Other agents whose memory holds the record too. Default: none. */
        public Builder sharedWith(String... agentIds) {
            this.sharedWith = List.of(agentIds);
            return this;
        }

        /** Ids of records this one is related to (RELATE edges). Default: none. */
        public Builder related(String... recordIds) {
            this.related = List.of(recordIds);
            return this;
        }

        public MemoryRecord build() {
            return new MemoryRecord(
                    id, ownerAgentId, content, embedding, new Provenance(contributors, source), sharedWith, related);
        }
    }

    /** The owner first, then the agents it is shared with. */
    public List<String> owners() {
        List<String> all = new ArrayList<>(1 + sharedWith.size());
        all.add(ownerAgentId);
        all.addAll(sharedWith);
        return all;
    }

    /** Whether the record is in the memory of any of {@code agents}; an empty set means every agent. */
    public boolean isOwnedByAny(Set<String> agents) {
        if (agents.isEmpty() || agents.contains(ownerAgentId)) {
            return true;
        }
        for (String a : sharedWith) {
            if (agents.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** This record with other provenance (used to merge near-duplicates, keeping every contributor). */
    public MemoryRecord withProvenance(Provenance provenance) {
        return new MemoryRecord(id, ownerAgentId, content, embedding, provenance, sharedWith, related);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryRecord r
                && id.equals(r.id)
                && ownerAgentId.equals(r.ownerAgentId)
                && content.equals(r.content)
                && Arrays.equals(embedding, r.embedding)
                && provenance.equals(r.provenance)
                && sharedWith.equals(r.sharedWith)
                && related.equals(r.related);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, ownerAgentId, content, Arrays.hashCode(embedding), provenance, sharedWith, related);
    }

    @Override
    public String toString() {
        return "MemoryRecord[" + id + ", owner=" + ownerAgentId + (sharedWith.isEmpty() ? "" : ", shared=" + sharedWith)
                + "]: " + content;
    }
}
