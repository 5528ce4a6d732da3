package io.d3mas.memory;

import io.d3mas.InvalidInputException;
import io.d3mas.metrics.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An exact in-memory {@link MemoryStore}: vectors in one contiguous array with precomputed norms, brute
 * force cosine, top-k with a bounded heap. Thread-safe: searches run concurrently with each other and
 * wait for writes.
 */
public final class InMemoryMemoryStore implements MemoryStore {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<MemoryRecord> records = new ArrayList<>();
    private final Map<String, Integer> indexById = new HashMap<>();
    private float[] vectors = new float[0];
    private double[] norms = new double[0];
    private int dimension;

    /** A store whose dimension is set by the first record added. */
    public InMemoryMemoryStore() {
        this.dimension = 0;
    }

    /**
     * A store for vectors of a fixed dimension.
     *
     * @throws InvalidInputException if {@code dimension < 1}
     */
    public InMemoryMemoryStore(int dimension) {
        if (dimension < 1) {
            throw new InvalidInputException("dimension must be >= 1, was " + dimension);
        }
        this.dimension = dimension;
    }

    @Override
    public void addAll(List<MemoryRecord> batch) {
        lock.writeLock().lock();
        try {
            int dim = dimension == 0 && !batch.isEmpty() ? batch.get(0).embedding().length : dimension;
            Set<String> seen = new HashSet<>();
            for (MemoryRecord r : batch) {
                if (r.embedding().length != dim) {
                    throw new InvalidInputException("record '" + r.id() + "' has an embedding of dimension "
                            + r.embedding().length + " but this store holds dimension " + dim
                            + "; embed all memory with the same model");
                }
                if (indexById.containsKey(r.id()) || !seen.add(r.id())) {
                    throw new InvalidInputException("a memory record with id '" + r.id() + "' already exists");
                }
            }
            dimension = dim;
            int n = records.size();
            ensureCapacity(n + batch.size());
            for (MemoryRecord r : batch) {
                System.arraycopy(r.embedding(), 0, vectors, n * dim, dim);
                norms[n] = Vectors.norm(r.embedding());
                indexById.put(r.id(), n);
                records.add(r);
                n++;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<MemoryHit> search(MemoryQuery query) {
        lock.readLock().lock();
        try {
            int n = records.size();
            if (n == 0) {
                return List.of();
            }
            float[] q = query.embedding();
            if (q.length != dimension) {
                throw new InvalidInputException("query has dimension " + q.length + " but this store holds dimension "
                        + dimension + "; embed queries and memory with the same model");
            }
            double qNorm = Vectors.norm(q);
            if (qNorm == 0) {
                return List.of();
            }
            Set<String> owners = query.owners();
            // min-heap on (score, -index): the worst kept hit is at the head
            PriorityQueue<double[]> heap = new PriorityQueue<>(
                    query.topK() + 1, (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(b[1], a[1]));
            for (int i = 0; i < n; i++) {
                if (!owners.isEmpty() && !owners.contains(records.get(i).ownerAgentId())) {
                    continue;
                }
                double score = score(q, qNorm, i);
                if (score <= query.minScore()) {
                    continue;
                }
                if (heap.size() < query.topK()) {
                    heap.add(new double[] {score, i});
                } else if (score > heap.peek()[0]) {
                    heap.poll();
                    heap.add(new double[] {score, i});
                }
            }
            MemoryHit[] out = new MemoryHit[heap.size()];
            for (int k = out.length - 1; k >= 0; k--) {
                double[] e = heap.poll();
                out[k] = new MemoryHit(records.get((int) e[1]), e[0]);
            }
            return List.of(out);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public OptionalInt dimension() {
        lock.readLock().lock();
        try {
            return dimension == 0 ? OptionalInt.empty() : OptionalInt.of(dimension);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of records. */
    public int size() {
        lock.readLock().lock();
        try {
            return records.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    private double score(float[] q, double qNorm, int i) {
        if (norms[i] == 0) {
            return 0;
        }
        int off = i * dimension;
        double dot = 0;
        for (int j = 0; j < dimension; j++) {
            dot += (double) q[j] * vectors[off + j];
        }
        return dot / (qNorm * norms[i]);
    }

    private void ensureCapacity(int count) {
        if (norms.length >= count) {
            return;
        }
        int capacity = Math.max(count, Math.max(16, norms.length * 2));
        vectors = Arrays.copyOf(vectors, capacity * dimension);
        norms = Arrays.copyOf(norms, capacity);
    }
}
