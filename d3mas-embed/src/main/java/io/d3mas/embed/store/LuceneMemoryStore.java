package io.d3mas.embed.store;

import io.d3mas.InvalidInputException;
import io.d3mas.internal.DaemonPools;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryRecord;
import io.d3mas.memory.MemoryStore;
import io.d3mas.metrics.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * An embedded, persistent {@link MemoryStore} on Lucene 9 with an HNSW vector index on disk: no server, Java 17,
 * survives restarts.
 *
 * <p>Durability: {@link #addAll} and {@link #replaceAll} return only after a Lucene commit (written and fsynced),
 * so an acknowledged write survives a crash or {@code kill -9}; a write that did not return may be lost whole,
 * never in part. Opening checks that the directory holds a D³MAS memory index of the expected dimension and
 * that Lucene can read it: a foreign, newer, older or corrupted index is a {@link MemoryIndexException} that
 * says which and what to do.
 *
 * <p>Search: HNSW finds {@code max(k, candidates)} nearest unit vectors (owner filter applied inside the graph
 * search); their cosines are recomputed exactly from the stored embeddings; hits strictly above θ, best first,
 * ties by insertion order. Approximate: recall@10 is measured in docs/benchmarks.md. Thread-safe; searches run
 * concurrently with writes. Close it to release the index.
 *
 * @since 0.1.0
 */
public final class LuceneMemoryStore implements MemoryStore, AutoCloseable {

    /** The largest embedding dimension Lucene 9's HNSW vector format indexes. */
    public static final int MAX_DIMENSION = 1024;

    static final String FORMAT = "d3mas.memory.format";
    static final String FORMAT_VERSION = "1";
    static final String DIMENSION = "d3mas.memory.dimension";
    static final String NEXT_SEQUENCE = "d3mas.memory.nextSequence";

    private final Path path;
    private final int dimension;
    private final int candidates;
    private final Directory directory;
    private final Builder settings;
    /** The writer and its searchers; replaced by a fresh pair after a failed write. */
    private volatile Index index;

    private final Object writeLock = new Object();
    private long nextSequence;
    private volatile boolean closed;
    /** Threads that search an index's segments at once; null searches on the calling thread. */
    private final java.util.concurrent.@Nullable ExecutorService searchPool;

    private LuceneMemoryStore(Builder b) throws IOException {
        this.path = b.path;
        this.dimension = b.dimension;
        this.candidates = b.candidates;
        this.settings = b;
        this.searchPool = b.searchThreads > 1 ? DaemonPools.fixed(b.searchThreads, "d3mas-lucene-search") : null;
        IndexCheck.directory(path);
        this.directory = b.wrapper.apply(FSDirectory.open(path));
        try {
            Map<String, String> committed = IndexCheck.existing(directory, path, dimension, b.verifyChecksums);
            IndexWriter writer = new IndexWriter(directory, config());
            this.index = new Index(writer, null);
            this.nextSequence = Long.parseLong(committed.getOrDefault(NEXT_SEQUENCE, "0"));
            if (committed.isEmpty()) {
                commit(); // a new index carries its format and dimension from the start
            }
            this.index = new Index(writer, new SearcherManager(writer, searchers()));
        } catch (IOException | RuntimeException e) {
            directory.close();
            if (searchPool != null) {
                searchPool.shutdownNow();
            }
            throw e;
        }
    }

    /** Searchers that search the segments on the pool, when there is one. */
    private SearcherFactory searchers() {
        return new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, @Nullable IndexReader previous) {
                return searchPool == null ? new IndexSearcher(reader) : new IndexSearcher(reader, searchPool);
            }
        };
    }

    /** A writer and the searchers that see its commits. */
    private record Index(IndexWriter writer, SearcherManager searchers) {}

    private IndexWriterConfig config() {
        return new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(settings.ramBufferMb)
                .setCodec(HnswCodec.of(settings.maxConnections, settings.beamWidth, settings.mergeThreads));
    }

    /** A store in {@code directory} (created if missing) for vectors of {@code dimension}. */
    public static Builder builder(Path directory, int dimension) {
        return new Builder(directory, dimension);
    }

    @Override
    public void addAll(List<MemoryRecord> records) {
        write(records, false);
    }

    @Override
    public void replaceAll(List<MemoryRecord> records) {
        write(records, true);
    }

    private void write(List<MemoryRecord> records, boolean replace) {
        Objects.requireNonNull(records, "records");
        synchronized (writeLock) {
            ensureOpen();
            Set<String> ids = new HashSet<>();
            for (MemoryRecord r : records) {
                checkDimension(r.id(), r.embedding().length, "record '" + r.id() + "' has an embedding of");
                if (!ids.add(r.id())) {
                    throw new InvalidInputException(
                            replace
                                    ? "memory record '" + r.id() + "' is replaced twice in one batch"
                                    : "a memory record with id '" + r.id() + "' already exists");
                }
            }
            if (records.isEmpty()) {
                return;
            }
            Set<String> stored = storedIds(ids);
            for (String id : ids) {
                if (replace && !stored.contains(id)) {
                    throw new InvalidInputException("no memory record with id '" + id + "' to replace");
                }
                if (!replace && stored.contains(id)) {
                    throw new InvalidInputException("a memory record with id '" + id + "' already exists");
                }
            }
            try {
                for (MemoryRecord r : records) {
                    Document doc = LuceneDocuments.document(r, nextSequence++, dimension);
                    if (replace) {
                        index.writer().updateDocument(new Term(LuceneDocuments.ID, r.id()), doc);
                    } else {
                        index.writer().addDocument(doc);
                    }
                }
                commit();
                index.searchers().maybeRefreshBlocking();
            } catch (IOException | RuntimeException e) {
                rollBackAndReopen(e);
                throw new UncheckedIOException(
                        "writing " + records.size() + " memory records to " + path + " failed; none was stored"
                                + (closed ? " and the store could not reopen its index: open it again" : ""),
                        e instanceof IOException io ? io : new IOException(e));
            }
        }
    }

    @Override
    public List<MemoryHit> search(MemoryQuery query) {
        ensureOpen();
        checkDimension(null, query.embedding().length, "query has");
        float[] unit = Vectors.unit(query.embedding());
        if (unit == null) {
            return List.of();
        }
        SearcherManager searchers = index.searchers();
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (org.apache.lucene.store.AlreadyClosedException e) {
            if (replacedSince(searchers)) {
                return search(query);
            }
            throw closedError(e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the memory index at " + path + " failed", e);
        }
        try {
            Query filter = query.owners().isEmpty()
                    ? null
                    : new TermInSetQuery(
                            LuceneDocuments.HOLDER,
                            query.owners().stream().map(BytesRef::new).toList());
            int k = Math.max(query.topK(), candidates);
            ScoreDoc[] found =
                    searcher.search(new KnnFloatVectorQuery(LuceneDocuments.VECTOR, unit, k, filter), k).scoreDocs;
            // Lucene's dot-product score of unit vectors is (1 + cos) / 2 in float: rank by it, then read the
            // stored fields of the top k only (plus ties at the boundary) and score those exactly
            int take = Math.min(query.topK(), found.length);
            while (take > 0 && take < found.length && found[take - 1].score - found[take].score < 1e-6f) {
                take++;
            }
            StoredFields fields = searcher.storedFields();
            List<Scored> scored = new ArrayList<>();
            for (int i = 0; i < take; i++) {
                if (2.0 * found[i].score - 1 <= query.minScore() - 1e-5) {
                    break; // sorted: the rest are below θ too
                }
                Document doc = fields.document(found[i].doc);
                float[] embedding = LuceneDocuments.embedding(doc);
                double cosine = Vectors.cosine(query.embedding(), embedding);
                if (cosine > query.minScore()) {
                    scored.add(new Scored(doc, embedding, cosine, LuceneDocuments.sequence(doc)));
                }
            }
            scored.sort(Comparator.comparingDouble(Scored::cosine).reversed().thenComparingLong(Scored::sequence));
            List<MemoryHit> hits = new ArrayList<>();
            for (Scored s : scored.subList(0, Math.min(query.topK(), scored.size()))) {
                hits.add(new MemoryHit(LuceneDocuments.record(s.doc, s.embedding), s.cosine));
            }
            return List.copyOf(hits);
        } catch (org.apache.lucene.store.AlreadyClosedException e) {
            if (replacedSince(searchers)) {
                return search(query);
            }
            throw closedError(e);
        } catch (IOException | RuntimeException e) {
            throw IndexCheck.readFailure(path, e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException | org.apache.lucene.store.AlreadyClosedException ignored) {
                // the store was closed during this search: nothing left to release
            }
        }
    }

    @Override
    public OptionalInt dimension() {
        return OptionalInt.of(dimension);
    }

    /** Number of records. */
    public int size() {
        return read(IndexReader::numDocs);
    }

    /**
     * Merges the index into at most {@code maxSegments} segments and commits. Every commit of a write leaves a
     * segment and a search visits each one's HNSW graph, so after a bulk load one segment answers several times
     * faster: 100,000 records of 384 dimensions in 19 segments answer in 7.1 ms (p50), in one segment in about 1 ms
     * (docs/benchmarks.md). It rebuilds the graph of what it merges, which took 33 s for those 100,000 on 2 cores,
     * and holds writes back until it is done; searches go on meanwhile.
     *
     * @throws InvalidInputException if {@code maxSegments} is below 1
     * @throws IllegalStateException if the store is closed
     * @throws UncheckedIOException if the merge fails; the index keeps what it had
     * @since 0.1.0
     */
    public void forceMerge(int maxSegments) {
        if (maxSegments < 1) {
            throw new InvalidInputException("maxSegments must be >= 1, was " + maxSegments);
        }
        synchronized (writeLock) {
            ensureOpen();
            try {
                index.writer().forceMerge(maxSegments);
                commit();
                index.searchers().maybeRefreshBlocking();
            } catch (IOException e) {
                throw new UncheckedIOException("merging the memory index at " + path + " failed", e);
            }
        }
    }

    /** Segments the searchers see now (for tests). */
    int segments() {
        return read(r -> r.leaves().size());
    }

    /** What {@code f} reads from the index as its searchers see it now. */
    private <T> T read(java.util.function.Function<IndexReader, T> f) {
        ensureOpen();
        try {
            SearcherManager searchers = index.searchers();
            IndexSearcher s = searchers.acquire();
            try {
                return f.apply(s.getIndexReader());
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index directory. */
    public Path path() {
        return path;
    }

    /** Releases the index; searches and writes after this throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
            Index i = index;
            try (Directory d = directory;
                    IndexWriter w = i.writer();
                    SearcherManager s = i.searchers()) {
                // closed in reverse order: searchers, writer (nothing uncommitted: every write commits), directory
            } catch (IOException e) {
                throw new UncheckedIOException("closing the memory index at " + path + " failed", e);
            } finally {
                if (searchPool != null) {
                    searchPool.shutdown(); // a search still running finishes its segments' tasks
                }
            }
        }
    }

    private record Scored(Document doc, float[] embedding, double cosine, long sequence) {}

    private void commit() throws IOException {
        IndexWriter writer = index.writer();
        writer.setLiveCommitData(Map.of(
                        FORMAT, FORMAT_VERSION,
                        DIMENSION, Integer.toString(dimension),
                        NEXT_SEQUENCE, Long.toString(nextSequence))
                .entrySet());
        writer.commit();
    }

    /**
     * Whether a failed write replaced these searchers (a search that met them closed runs again on the new ones).
     * Waits for a reopening in progress: it holds the write lock.
     */
    private boolean replacedSince(SearcherManager searchers) {
        synchronized (writeLock) {
            return !closed && index.searchers() != searchers;
        }
    }

    /**
     * After a failed write: drops the batch's uncommitted documents (rollback, which closes the writer) and opens a
     * fresh writer on the last commit, so the store goes on with everything acknowledged before. Only when that
     * fails too is the store closed.
     */
    private void rollBackAndReopen(Exception cause) {
        Index failed = index;
        try {
            failed.writer().rollback();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            failed.searchers().close();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            IndexWriter writer = new IndexWriter(directory, config());
            nextSequence = Long.parseLong(
                    SegmentInfos.readLatestCommit(directory).getUserData().getOrDefault(NEXT_SEQUENCE, "0"));
            index = new Index(writer, new SearcherManager(writer, searchers()));
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            closed = true;
        }
    }

    private Set<String> storedIds(Set<String> ids) {
        try {
            SearcherManager searchers = index.searchers();
            IndexSearcher s = searchers.acquire();
            try {
                Query q = new TermInSetQuery(
                        LuceneDocuments.ID, ids.stream().map(BytesRef::new).toList());
                StoredFields fields = s.storedFields();
                Set<String> out = new HashSet<>();
                for (ScoreDoc d : s.search(q, ids.size()).scoreDocs) {
                    out.add(fields.document(d.doc).get(LuceneDocuments.ID));
                }
                return out;
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the memory index at " + path + " failed", e);
        }
    }

    private void checkDimension(String id, int length, String what) {
        if (length != dimension) {
            throw new InvalidInputException(what + " dimension " + length + " but this store holds dimension "
                    + dimension + "; embed " + (id == null ? "queries" : "all memory") + " with the same model");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the memory store at " + path + " is closed");
        }
    }

    private IllegalStateException closedError(RuntimeException e) {
        return new IllegalStateException("the memory store at " + path + " is closed", e);
    }

    /** Where and how to keep the index; every setter checks its value and names it. */
    public static final class Builder {
        private final Path path;
        private final int dimension;
        private int maxConnections = 16;
        private int beamWidth = 100;
        private int candidates = 100;
        private int mergeThreads = 1;
        private int searchThreads = 1;
        private double ramBufferMb = 64;
        private boolean verifyChecksums = true;
        private java.util.function.UnaryOperator<Directory> wrapper = d -> d;

        private Builder(Path path, int dimension) {
            this.path = Objects.requireNonNull(path, "directory");
            if (dimension < 1 || dimension > MAX_DIMENSION) {
                throw new InvalidInputException("dimension must be in [1, " + MAX_DIMENSION + "] (the most Lucene's"
                        + " HNSW format indexes), was " + dimension + "; for larger embeddings use another store"
                        + " (InMemoryMemoryStore, pgvector through EmbeddingStoreMemoryStore)");
            }
            this.dimension = dimension;
        }

        /** HNSW: neighbours per node (Lucene's M; default 16). */
        public Builder maxConnections(int m) {
            if (m < 2 || m > 512) {
                throw new InvalidInputException("maxConnections must be in [2, 512], was " + m);
            }
            this.maxConnections = m;
            return this;
        }

        /** HNSW: candidates kept while building the graph (default 100). */
        public Builder beamWidth(int beamWidth) {
            if (beamWidth < 1 || beamWidth > 3200) {
                throw new InvalidInputException("beamWidth must be in [1, 3200], was " + beamWidth);
            }
            this.beamWidth = beamWidth;
            return this;
        }

        /** HNSW: nearest neighbours fetched per search before exact re-scoring (default 100; more = better recall). */
        public Builder candidates(int candidates) {
            if (candidates < 1) {
                throw new InvalidInputException("candidates must be >= 1, was " + candidates);
            }
            this.candidates = candidates;
            return this;
        }

        /** HNSW: threads that build a merged segment's graph (default 1). */
        public Builder mergeThreads(int threads) {
            if (threads < 1) {
                throw new InvalidInputException("mergeThreads must be >= 1, was " + threads);
            }
            this.mergeThreads = threads;
            return this;
        }

        /**
         * Threads that search an index's segments at once (default 1: on the caller's thread). Each segment has its
         * own HNSW graph. On 2 cores, 2 threads made 19 segments of 100,000 records answer 1.8 × faster for random
         * queries but only 1.03 × for clustered ones, with a worse 95th percentile, so the default stays 1. Merging
         * ({@link LuceneMemoryStore#forceMerge}) pays far more.
         */
        public Builder searchThreads(int threads) {
            if (threads < 1) {
                throw new InvalidInputException("searchThreads must be >= 1, was " + threads);
            }
            this.searchThreads = threads;
            return this;
        }

        /** Memory Lucene buffers documents in before it writes a segment (default 64 MiB; more = fewer merges). */
        public Builder ramBufferMb(double megabytes) {
            if (!(megabytes >= 1 && megabytes <= 2048)) {
                throw new InvalidInputException("ramBufferMb must be in [1, 2048], was " + megabytes);
            }
            this.ramBufferMb = megabytes;
            return this;
        }

        /**
         * Opens or creates the index.
         *
         * @throws MemoryIndexException if the directory holds something this store cannot use (says what)
         * @throws UncheckedIOException if the directory cannot be read or written
         */
        public LuceneMemoryStore open() {
            try {
                return new LuceneMemoryStore(this);
            } catch (java.nio.file.AccessDeniedException e) {
                throw new UncheckedIOException(
                        "cannot open the memory index at " + path + ": permission denied for " + e.getFile()
                                + "; the store needs read and write access to its directory",
                        e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the memory index at " + path + ": " + e, e);
            }
        }

        /** For tests: wraps the index directory (to inject I/O failures). */
        Builder wrapDirectory(java.util.function.UnaryOperator<Directory> wrap) {
            this.wrapper = Objects.requireNonNull(wrap, "wrap");
            return this;
        }

        /**
         * Whether opening verifies the checksum of every index file (default true): a damaged file is then a
         * {@link MemoryIndexException} on open instead of a wrong record later. It reads the whole index once
         * (docs/benchmarks.md has the cost at 100k records); turn it off only for very large indexes you check
         * otherwise.
         */
        public Builder verifyChecksums(boolean verify) {
            this.verifyChecksums = verify;
            return this;
        }
    }
}
