package io.d3mas.memory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The retrieval ledger across solves (the per-session view; {@code SolveResult.retrievals()} is the per-solve
 * one): for every memory record, the agents that retrieved it and how often. {@code D3Mas.ledger()} keeps one
 * for all the solves of a team. Its size is bounded by records × agents, not by the number of solves.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class RetrievalLedger {

    private final Map<String, Map<String, AtomicLong>> byRecord = new ConcurrentHashMap<>();
    private final AtomicLong solves = new AtomicLong();

    /** Adds one solve's retrievals. */
    public void add(List<Retrieval> retrievals) {
        solves.incrementAndGet();
        for (Retrieval r : retrievals) {
            byRecord.computeIfAbsent(r.recordId(), k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(r.agentId(), k -> new AtomicLong())
                    .incrementAndGet();
        }
    }

    /** Solves added. */
    public long solves() {
        return solves.get();
    }

    /** Distinct records retrieved so far. */
    public int records() {
        return byRecord.size();
    }

    /** The agents that retrieved a record, sorted; empty if none did. */
    public Set<String> agentsOf(String recordId) {
        Map<String, AtomicLong> agents = byRecord.get(recordId);
        return agents == null ? Set.of() : Set.copyOf(new TreeSet<>(agents.keySet()));
    }

    /** How many times a record was retrieved, by any agent, in any solve. */
    public long retrievalsOf(String recordId) {
        Map<String, AtomicLong> agents = byRecord.get(recordId);
        return agents == null
                ? 0
                : agents.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Of the distinct records retrieved so far, the share retrieved by two or more agents (ARCHITECTURE §7). */
    public double memoryRedundancy() {
        if (byRecord.isEmpty()) {
            return 0;
        }
        long shared = byRecord.values().stream().filter(a -> a.size() >= 2).count();
        return (double) shared / byRecord.size();
    }

    /** Forgets everything (a new session). */
    public void clear() {
        byRecord.clear();
        solves.set(0);
    }

    @Override
    public String toString() {
        return "RetrievalLedger[solves=" + solves() + ", records=" + records() + ", memoryRedundancy="
                + String.format(java.util.Locale.ROOT, "%.3f", memoryRedundancy()) + "]";
    }
}
