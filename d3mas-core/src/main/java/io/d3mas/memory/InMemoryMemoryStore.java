package io.d3mas.memory;

import io.d3mas.InvalidInputException;
import io.d3mas.internal.DaemonPools;
import io.d3mas.metrics.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * An in-memory {@link MemoryStore}: exact cosine search over unit vectors kept in one contiguous float array,
 * top-k by a bounded heap (a partial sort), large scans split over threads.
 *
 * <p>Searches never wait for writes: a write appends past the rows that searches read (or copies the arrays when
 * they are full, or when a replaced record changes its vector) and then publishes the new row count, so a
 * search sees every record added before it started and none half-written.
 *
 * <p>Optional int8 quantisation ({@link Builder#quantized}): the scan array holds one byte per value and a scale
 * per vector instead of floats (a quarter of the memory); a search scans the bytes for {@code k × rerank}
 * candidates (slightly below θ, so that rounding loses none at the threshold) and re-ranks them with the
 * records' own float embeddings, so the scores it returns are exact and only the candidate set is
 * approximate. On Java 17 the JIT does not vectorise the byte products, so the int8 scan is slower than the
 * float one: choose it for memory, not speed (docs/benchmarks.md).
 *
 * @since 0.1.0
 */
public final class InMemoryMemoryStore implements MemoryStore {

    /** Rows per thread below which a search runs on the calling thread only. */
    private static final int ROWS_PER_THREAD = 16_384;
    /** How far below θ an int8 estimate may be and still be re-ranked: the error bound of the rounding. */
    private static final float QUANTISATION_MARGIN = 0.03f;

    /** What searches read: rows {@code 0 .. count}. The arrays may have room for more. */
    private record Rows(MemoryRecord[] records, float[] unit, byte[] codes, float[] scales, int count, int dim) {
        static final Rows EMPTY = new Rows(new MemoryRecord[0], new float[0], new byte[0], new float[0], 0, 0);
    }

    private final Object writeLock = new Object();
    private final Map<String, Integer> rowById = new HashMap<>(); // guarded by writeLock
    private final boolean quantized;
    private final int rerank;
    private final int threads;
    private final int fixedDimension;
    private volatile Rows rows = Rows.EMPTY;
    private final DaemonPools.Lazy pool; // made on first parallel search; not under writeLock: a search must not wait

    /** An exact store whose dimension is set by the first record added. */
    public InMemoryMemoryStore() {
        this(builder());
    }

    /**
     * An exact store for vectors of a fixed dimension.
     *
     * @throws InvalidInputException if {@code dimension < 1}
     */
    public InMemoryMemoryStore(int dimension) {
        this(builder().dimension(dimension));
    }

    private InMemoryMemoryStore(Builder b) {
        this.quantized = b.quantized;
        this.rerank = b.rerank;
        this.threads = b.threads;
        this.pool = new DaemonPools.Lazy(Math.max(1, threads - 1), "d3mas-memory-search-");
        this.fixedDimension = b.dimension;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void addAll(List<MemoryRecord> batch) {
        synchronized (writeLock) {
            Rows r = rows;
            int dim = dimensionFor(r, batch);
            Set<String> seen = new HashSet<>();
            for (MemoryRecord m : batch) {
                checkDimension(m, dim);
                if (rowById.containsKey(m.id()) || !seen.add(m.id())) {
                    throw new InvalidInputException("a memory record with id '" + m.id() + "' already exists");
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            Rows grown = withCapacity(r, dim, r.count + batch.size());
            int row = r.count;
            for (MemoryRecord m : batch) {
                write(grown, row, m);
                rowById.put(m.id(), row++);
            }
            rows = new Rows(grown.records, grown.unit, grown.codes, grown.scales, row, dim);
        }
    }

    /** Replaces records in place; a changed vector copies the arrays first, so searches in flight are not torn. */
    @Override
    public void replaceAll(List<MemoryRecord> batch) {
        synchronized (writeLock) {
            Rows r = rows;
            Set<String> seen = new HashSet<>();
            boolean vectorsChange = false;
            for (MemoryRecord m : batch) {
                Integer row = rowById.get(m.id());
                if (row == null) {
                    throw new InvalidInputException("no memory record with id '" + m.id() + "' to replace");
                }
                if (!seen.add(m.id())) {
                    throw new InvalidInputException("memory record '" + m.id() + "' is replaced twice in one batch");
                }
                checkDimension(m, r.dim);
                vectorsChange |= !Arrays.equals(m.embedding(), r.records[row].embedding());
            }
            Rows target = vectorsChange
                    ? new Rows(r.records.clone(), r.unit.clone(), r.codes.clone(), r.scales.clone(), r.count, r.dim)
                    : r;
            for (MemoryRecord m : batch) {
                int row = rowById.get(m.id());
                if (vectorsChange) {
                    write(target, row, m);
                } else {
                    target.records[row] = m; // one reference write: a search sees the old or the new record
                }
            }
            rows = new Rows(target.records, target.unit, target.codes, target.scales, target.count, target.dim);
        }
    }

    @Override
    public List<MemoryHit> search(MemoryQuery query) {
        Rows r = rows;
        if (r.count == 0) {
            return List.of();
        }
        float[] q = query.embedding();
        if (q.length != r.dim) {
            throw new InvalidInputException("query has dimension " + q.length + " but this store holds dimension "
                    + r.dim + "; embed queries and memory with the same model");
        }
        float[] unitQuery = Vectors.unit(q);
        if (unitQuery == null) {
            return List.of(); // a zero query is similar to nothing
        }
        Scan scan = quantized
                ? new Scan(r, query, unitQuery, ScanMath.quantise(unitQuery, new byte[r.dim]), query.topK() * rerank)
                : new Scan(r, query, unitQuery, null, query.topK());
        TopK candidates = scanAll(scan, r.count);
        if (quantized) {
            candidates = rerank(r, candidates, unitQuery, query);
        }
        int[] best = new int[candidates.size()];
        float[] scores = new float[best.length];
        int n = candidates.drain(best, scores);
        List<MemoryHit> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new MemoryHit(r.records[best[i]], scores[i]));
        }
        return List.copyOf(out);
    }

    @Override
    public OptionalInt dimension() {
        Rows r = rows;
        int dim = r.count > 0 ? r.dim : fixedDimension;
        return dim == 0 ? OptionalInt.empty() : OptionalInt.of(dim);
    }

    /** Number of records. */
    public int size() {
        return rows.count;
    }

    /** Whether searches pre-select candidates from int8 codes. */
    public boolean isQuantized() {
        return quantized;
    }

    /** One search over a range of rows. */
    private record Scan(Rows rows, MemoryQuery query, float[] unit, byte[] codes, int keep) {

        TopK run(int lo, int hi) {
            TopK top = new TopK(keep);
            Set<String> owners = query.owners();
            float min = (float) query.minScore();
            int d = rows.dim;
            if (codes == null) {
                for (int i = lo; i < hi; i++) {
                    float s = ScanMath.dot(rows.unit, i * d, unit, d);
                    if (s > min && top.admits(s) && rows.records[i].isOwnedByAny(owners)) {
                        top.offer(s, i);
                    }
                }
            } else {
                float qScale = ScanMath.scaleOf(unit);
                float floor = min - QUANTISATION_MARGIN;
                for (int i = lo; i < hi; i++) {
                    float s = ScanMath.dot(rows.codes, i * d, codes, d) * rows.scales[i] * qScale;
                    if (s > floor && top.admits(s) && rows.records[i].isOwnedByAny(owners)) {
                        top.offer(s, i);
                    }
                }
            }
            return top;
        }
    }

    private TopK scanAll(Scan scan, int count) {
        int parts = Math.min(threads, count / ROWS_PER_THREAD);
        if (parts < 2) {
            return scan.run(0, count);
        }
        ExecutorService workers = pool.get();
        int chunk = (count + parts - 1) / parts;
        List<Future<TopK>> others = new ArrayList<>();
        for (int p = 1; p < parts; p++) {
            int lo = p * chunk;
            int hi = Math.min(count, lo + chunk);
            others.add(workers.submit(() -> scan.run(lo, hi)));
        }
        TopK all = scan.run(0, chunk); // the caller scans the first part
        for (Future<TopK> f : others) {
            try {
                all.addAll(f.get());
            } catch (InterruptedException e) {
                others.forEach(o -> o.cancel(true));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("memory search was interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("memory search failed: " + e.getCause(), e.getCause());
            }
        }
        return all;
    }

    private static TopK rerank(Rows r, TopK candidates, float[] unitQuery, MemoryQuery query) {
        int[] rows = new int[candidates.size()];
        int n = candidates.drain(rows, new float[rows.length]);
        TopK exact = new TopK(query.topK());
        for (int i = 0; i < n; i++) {
            float[] e = r.records[rows[i]].embedding(); // the record's own floats: no second copy is kept
            float[] u = Vectors.unit(e);
            float s = u == null ? 0 : ScanMath.dot(u, 0, unitQuery, r.dim);
            if (s > query.minScore()) {
                exact.offer(s, rows[i]);
            }
        }
        return exact;
    }

    private int dimensionFor(Rows r, List<MemoryRecord> batch) {
        if (r.count > 0) {
            return r.dim;
        }
        if (fixedDimension > 0) {
            return fixedDimension;
        }
        return batch.isEmpty() ? 0 : batch.get(0).embedding().length;
    }

    private static void checkDimension(MemoryRecord m, int dim) {
        if (m.embedding().length != dim) {
            throw new InvalidInputException("record '" + m.id() + "' has an embedding of dimension "
                    + m.embedding().length + " but this store holds dimension " + dim
                    + "; embed all memory with the same model");
        }
    }

    private Rows withCapacity(Rows r, int dim, int needed) {
        if (r.records.length >= needed) {
            return r;
        }
        int capacity = Math.max(needed, Math.max(16, r.records.length * 2));
        return new Rows(
                Arrays.copyOf(r.records, capacity),
                quantized ? r.unit : Arrays.copyOf(r.unit, capacity * dim),
                quantized ? Arrays.copyOf(r.codes, capacity * dim) : r.codes,
                quantized ? Arrays.copyOf(r.scales, capacity) : r.scales,
                r.count,
                dim);
    }

    private void write(Rows r, int row, MemoryRecord m) {
        int d = r.dim;
        float[] u = Vectors.unit(m.embedding());
        if (!quantized && u != null) {
            System.arraycopy(u, 0, r.unit, row * d, d);
        } else if (!quantized) {
            Arrays.fill(r.unit, row * d, (row + 1) * d, 0f); // a zero vector is similar to nothing
        }
        if (quantized) {
            byte[] codes = new byte[d];
            r.scales[row] = u == null ? 0 : ScanMath.scaleOf(u);
            if (u != null) {
                ScanMath.quantise(u, codes);
            }
            System.arraycopy(codes, 0, r.codes, row * d, d);
        }
        r.records[row] = m;
    }

    /** Options of an in-memory store; every setter checks its value and names it. */
    public static final class Builder {
        private int dimension;
        private boolean quantized;
        private int rerank = 8;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        /** A fixed dimension (default: set by the first record added). */
        public Builder dimension(int dimension) {
            if (dimension < 1) {
                throw new InvalidInputException("dimension must be >= 1, was " + dimension);
            }
            this.dimension = dimension;
            return this;
        }

        /** Pre-select candidates from int8 codes and re-rank them exactly (default false: exact scan). */
        public Builder quantized(boolean quantized) {
            this.quantized = quantized;
            return this;
        }

        /** With int8: how many candidates per wanted hit are re-ranked exactly (default 8). */
        public Builder rerank(int factor) {
            if (factor < 1) {
                throw new InvalidInputException("rerank must be >= 1, was " + factor);
            }
            this.rerank = factor;
            return this;
        }

        /** Threads one large search may use, the caller included (default: one per core). */
        public Builder searchThreads(int threads) {
            if (threads < 1) {
                throw new InvalidInputException("searchThreads must be >= 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        public InMemoryMemoryStore build() {
            return new InMemoryMemoryStore(this);
        }
    }
}
