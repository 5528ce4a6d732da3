package io.d3mas.memory;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.InvalidInputException;
import io.d3mas.agent.AgentProfile;
import io.d3mas.graph.Provenance;
import io.d3mas.internal.Ids;
import io.d3mas.internal.engine.Embedder;
import io.d3mas.metrics.Vectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Documents → chunks → memory records (paper §4.4): each chunk gets owners by profile similarity (or the owner
 * its document names), provenance (source and contributing agent), is merged into a near-duplicate instead of
 * stored twice (keeping every contributor), and carries RELATE edges to its nearest stored neighbours.
 *
 * <pre>{@code
 * MemoryIngestor ingestor = MemoryIngestor.builder(store, embeddingModel)
 *         .agent(AgentProfile.of("geo", "geography: countries, capitals, rivers"))
 *         .agent(AgentProfile.of("hist", "history: wars, treaties, dynasties"))
 *         .build();
 * IngestReport report = ingestor.ingest(List.of(Document.of("atlas.txt", atlasText)));
 * }</pre>
 *
 * <p>Owners: the agent whose profile is most similar to the chunk owns it; every other agent within
 * {@code shareMargin} of that similarity holds it too ({@link MemoryRecord#sharedWith}), at most
 * {@code maxOwners} in all. Near-duplicates: a chunk whose cosine with a record stored earlier (or earlier in
 * the same call) is at least {@code duplicateThreshold} is not stored; the record gets the chunk's contributor
 * and source in its provenance and the chunk's owners in its sharing. RELATE: a new record relates to its
 * {@code relateK} most similar records (stored or new, any owner) with cosine at least {@code relateThreshold}.
 *
 * <p>One call is one {@link MemoryStore#addAll}: all new records are stored or none. Calls may run
 * concurrently; near-duplicates across two concurrent calls are then only caught against what was already
 * stored. Thread-safe.
 *
 * @since 0.1.0
 */
public final class MemoryIngestor {

    private final MemoryStore store;
    private final Embedder embedder;
    private final Map<String, float[]> profiles; // agent id -> profile embedding, in team order
    private final Chunker chunker;
    private final double duplicateThreshold;
    private final double shareMargin;
    private final int maxOwners;
    private final double relateThreshold;
    private final int relateK;

    private MemoryIngestor(Builder b) {
        this.store = b.store;
        // the team's one embedding path: the model is probed once, and every batch is checked (count, dimension,
        // finite values) as the engine's are
        this.embedder = new Embedder(b.model);
        this.chunker = b.chunker;
        this.duplicateThreshold = b.duplicateThreshold;
        this.shareMargin = b.shareMargin;
        this.maxOwners = b.maxOwners;
        this.relateThreshold = b.relateThreshold;
        this.relateK = b.relateK;
        List<float[]> vectors = embed(b.agents.values().stream().toList());
        this.profiles = new LinkedHashMap<>();
        int i = 0;
        for (String id : b.agents.keySet()) {
            profiles.put(id, vectors.get(i++));
        }
    }

    /** An ingestor into {@code store} that embeds with {@code model}; add the team's agents before building. */
    public static Builder builder(MemoryStore store, EmbeddingModel model) {
        return new Builder(store, model);
    }

    /** The agent ids records may be owned by, in team order. */
    public Set<String> agents() {
        return profiles.keySet();
    }

    /**
     * Ingests documents.
     *
     * @throws InvalidInputException if a document names an owner or contributor that is not one of the agents,
     *     or the store rejects the records (dimension, ids)
     */
    public IngestReport ingest(List<Document> documents) {
        Objects.requireNonNull(documents, "documents");
        List<Chunk> chunks = new ArrayList<>();
        for (Document d : documents) {
            Objects.requireNonNull(d, "document");
            checkAgent(d.owner(), "owner", d);
            checkAgent(d.contributor(), "contributor", d);
            int n = 0;
            for (String text : chunker.split(d.text())) {
                if (!text.isBlank()) {
                    chunks.add(new Chunk(d, n++, text.strip()));
                }
            }
        }
        List<float[]> vectors = embed(chunks.stream().map(Chunk::text).toList());
        List<Pending> fresh = new ArrayList<>(); // new records of this call, in order
        Map<String, MemoryRecord> updates = new LinkedHashMap<>(); // stored records that gain contributors
        Map<String, String> merged = new LinkedHashMap<>();
        int relateEdges = 0;
        for (int c = 0; c < chunks.size(); c++) {
            Chunk chunk = chunks.get(c);
            float[] v = vectors.get(c);
            List<String> owners = chunk.doc.owner() != null ? List.of(chunk.doc.owner()) : ownersOf(v);
            String contributor = chunk.doc.contributor() != null ? chunk.doc.contributor() : owners.get(0);
            Pending twin = nearestPending(fresh, v);
            if (twin != null) {
                twin.absorb(contributor, chunk.doc.source(), owners);
                merged.put(chunk.label(), twin.id);
                continue;
            }
            MemoryHit stored = nearestStored(v);
            if (stored != null) {
                MemoryRecord base = updates.getOrDefault(stored.record().id(), stored.record());
                updates.put(base.id(), absorbed(base, contributor, chunk.doc.source(), owners));
                merged.put(chunk.label(), base.id());
                continue;
            }
            Pending p = new Pending(chunk.id(), owners, chunk.text, v, contributor, chunk.doc.source());
            p.related.addAll(relatedTo(v, fresh));
            relateEdges += p.related.size();
            fresh.add(p);
        }
        List<MemoryRecord> added = fresh.stream().map(Pending::record).toList();
        store.addAll(added);
        List<String> notMerged = new ArrayList<>();
        if (!updates.isEmpty()) {
            try {
                store.replaceAll(List.copyOf(updates.values()));
            } catch (UnsupportedOperationException e) {
                merged.forEach((label, id) -> {
                    if (updates.containsKey(id)) {
                        notMerged.add(label);
                    }
                });
            }
        }
        return new IngestReport(chunks.size(), added, merged, notMerged, relateEdges);
    }

    /** The owner by profile similarity and the agents within {@code shareMargin} of it, at most maxOwners. */
    private List<String> ownersOf(float[] v) {
        List<Map.Entry<String, Double>> ranked = new ArrayList<>();
        for (Map.Entry<String, float[]> p : profiles.entrySet()) {
            ranked.add(Map.entry(p.getKey(), Vectors.cosine(v, p.getValue())));
        }
        ranked.sort((a, b) -> Double.compare(b.getValue(), a.getValue())); // stable: team order breaks ties
        double best = ranked.get(0).getValue();
        List<String> owners = new ArrayList<>();
        for (Map.Entry<String, Double> e : ranked) {
            if (owners.size() < maxOwners && e.getValue() >= best - shareMargin) {
                owners.add(e.getKey());
            }
        }
        return owners;
    }

    private Pending nearestPending(List<Pending> fresh, float[] v) {
        Pending best = null;
        double bestScore = duplicateThreshold;
        for (Pending p : fresh) {
            double s = Vectors.cosine(v, p.vector);
            if (s >= bestScore) {
                best = p;
                bestScore = s;
            }
        }
        return best;
    }

    private MemoryHit nearestStored(float[] v) {
        List<MemoryHit> hits = store.search(MemoryQuery.of(v, 1, Math.nextDown(duplicateThreshold)));
        return hits.isEmpty() ? null : hits.get(0);
    }

    /** The ids of the relateK most similar stored and new records at or above relateThreshold. */
    private List<String> relatedTo(float[] v, List<Pending> fresh) {
        if (relateK == 0) {
            return List.of();
        }
        List<MemoryHit> candidates =
                new ArrayList<>(store.search(MemoryQuery.of(v, relateK, Math.nextDown(relateThreshold))));
        for (Pending p : fresh) {
            double s = Vectors.cosine(v, p.vector);
            if (s >= relateThreshold) {
                candidates.add(new MemoryHit(p.record(), s));
            }
        }
        candidates.sort((a, b) -> Double.compare(b.score(), a.score()));
        return candidates.stream().limit(relateK).map(h -> h.record().id()).toList();
    }

    private static MemoryRecord absorbed(MemoryRecord r, String contributor, String source, List<String> owners) {
        Set<String> contributors = new LinkedHashSet<>(r.provenance().contributors());
        contributors.add(contributor);
        Set<String> shared = new LinkedHashSet<>(r.sharedWith());
        shared.addAll(owners);
        shared.remove(r.ownerAgentId());
        return new MemoryRecord(
                r.id(),
                r.ownerAgentId(),
                r.content(),
                r.embedding(),
                new Provenance(
                        List.copyOf(contributors), joinSources(r.provenance().source(), source)),
                List.copyOf(shared),
                r.related());
    }

    private static String joinSources(String sources, String source) {
        for (String s : sources.split("; ")) {
            if (s.equals(source)) {
                return sources;
            }
        }
        return sources.isEmpty() ? source : sources + "; " + source;
    }

    private void checkAgent(String agent, String role, Document d) {
        if (agent != null && !profiles.containsKey(agent)) {
            throw new InvalidInputException("document '" + d.source() + "' names " + role + " '" + agent
                    + "', which is not an agent of this ingestor; agents: " + profiles.keySet());
        }
    }

    private List<float[]> embed(List<String> texts) {
        return texts.isEmpty() ? List.of() : embedder.embedAll(texts);
    }

    private record Chunk(Document doc, int index, String text) {

        static final int LONG_SOURCE = 200;

        String label() {
            return doc.source() + "#" + index;
        }

        /**
         * Readable and stable: the source and chunk number, plus a hash so that edited text gets a new id. A source
         * longer than {@link #LONG_SOURCE} characters is cut and followed by a hash of the whole, so that ids stay
         * short keys ({@link MemoryRecord#MAX_ID_BYTES}).
         */
        String id() {
            String source = doc.source();
            if (source.length() > LONG_SOURCE) {
                int cut = Character.isHighSurrogate(source.charAt(LONG_SOURCE - 1)) ? LONG_SOURCE - 1 : LONG_SOURCE;
                source = source.substring(0, cut) + "…" + hash(source);
            }
            return source + "#" + index + "-" + hash(text);
        }
    }

    /** A new record while the call runs: near-duplicates later in the call still add to it. */
    private static final class Pending {
        final String id;
        final List<String> owners;
        final String text;
        final float[] vector;
        final Set<String> contributors = new LinkedHashSet<>();
        String sources;
        final List<String> related = new ArrayList<>();

        Pending(String id, List<String> owners, String text, float[] vector, String contributor, String source) {
            this.id = id;
            this.owners = new ArrayList<>(owners);
            this.text = text;
            this.vector = vector;
            this.contributors.add(contributor);
            this.sources = source;
        }

        void absorb(String contributor, String source, List<String> more) {
            contributors.add(contributor);
            sources = joinSources(sources, source);
            for (String o : more) {
                if (!owners.contains(o)) {
                    owners.add(o);
                }
            }
        }

        MemoryRecord record() {
            return new MemoryRecord(
                    id,
                    owners.get(0),
                    text,
                    vector,
                    new Provenance(List.copyOf(contributors), sources),
                    owners.subList(1, owners.size()),
                    related);
        }
    }

    private static String hash(String text) {
        return Ids.sha256Hex(text, 4);
    }

    /** Settings of an ingestor; every setter checks its value and names it. */
    public static final class Builder {
        private final MemoryStore store;
        private final EmbeddingModel model;
        private final Map<String, String> agents = new LinkedHashMap<>();
        private Chunker chunker = Chunker.paragraphs(800);
        private double duplicateThreshold = 0.95;
        private double shareMargin = 0.02;
        private int maxOwners = 3;
        private double relateThreshold = io.d3mas.SolveSettings.DEFAULT_RELATE_THRESHOLD;
        private int relateK = 5;

        private Builder(MemoryStore store, EmbeddingModel model) {
            this.store = Objects.requireNonNull(store, "store");
            this.model = Objects.requireNonNull(model, "embeddingModel");
        }

        /** An agent that may own records, with the profile owners are chosen by. */
        public Builder agent(AgentProfile profile) {
            Objects.requireNonNull(profile, "profile");
            if (agents.putIfAbsent(profile.id(), profile.description()) != null) {
                throw new InvalidInputException("agent '" + profile.id() + "' is added twice");
            }
            return this;
        }

        /** How documents are split (default: paragraphs of at most 800 characters). */
        public Builder chunker(Chunker chunker) {
            this.chunker = Objects.requireNonNull(chunker, "chunker");
            return this;
        }

        /** Cosine at or above which a chunk is merged into an existing record (default 0.95). */
        public Builder duplicateThreshold(double threshold) {
            this.duplicateThreshold = inRange("duplicateThreshold", threshold, 0, 1);
            return this;
        }

        /** How far below the best profile similarity an agent still holds a chunk (default 0.02; 0 = one owner). */
        public Builder shareMargin(double margin) {
            this.shareMargin = inRange("shareMargin", margin, 0, 2);
            return this;
        }

        /** Most agents holding one record (default 3). */
        public Builder maxOwners(int maxOwners) {
            if (maxOwners < 1) {
                throw new InvalidInputException("maxOwners must be >= 1, was " + maxOwners);
            }
            this.maxOwners = maxOwners;
            return this;
        }

        /** Cosine at or above which two records are related (default {@link io.d3mas.SolveSettings#DEFAULT_RELATE_THRESHOLD}, as in a solve). */
        public Builder relateThreshold(double threshold) {
            this.relateThreshold = inRange("relateThreshold", threshold, -1, 1);
            return this;
        }

        /** Most RELATE edges a new record gets (default 5; 0 = none). */
        public Builder relateK(int k) {
            if (k < 0) {
                throw new InvalidInputException("relateK must be >= 0, was " + k);
            }
            this.relateK = k;
            return this;
        }

        /**
         * Embeds the profiles.
         *
         * @throws InvalidInputException if no agent was added
         */
        public MemoryIngestor build() {
            if (agents.isEmpty()) {
                throw new InvalidInputException("add at least one agent: every record needs an owner");
            }
            return new MemoryIngestor(this);
        }

        private static double inRange(String field, double v, double lo, double hi) {
            if (!(v >= lo && v <= hi)) {
                throw new InvalidInputException(field + " must be in [" + lo + ", " + hi + "], was " + v);
            }
            return v;
        }
    }
}
