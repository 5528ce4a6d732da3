package io.d3mas.internal.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Makes a dependency graph acyclic: the one repair for both the sub-tasks a decomposer returns and the work
 * items of a solve. Not thread-safe; callers own the graph.
 */
final class Cycles {

    private Cycles() {}

    /** An edge dropped: {@code from} no longer waits for {@code to}; {@code cycle} is the cycle it closed, in order. */
    record Dropped<K>(K from, K to, List<K> cycle) {}

    /**
     * Drops one edge per cycle until Kahn's algorithm orders every node. From a node that cannot be ordered, the
     * walk along its unordered prerequisites reaches a cycle; the edge that closes that cycle is dropped. Only
     * edges on cycles are dropped: a node that merely waits for a cycle keeps its dependency.
     *
     * @param prerequisites each node's prerequisites, changed in place; a prerequisite that is not a key counts
     *     as done
     * @param consider the nodes to repair from (a node not considered is never a starting point, but it can be
     *     on a cycle)
     * @return the dropped edges, in order
     */
    static <K> List<Dropped<K>> breakAll(Map<K, Set<K>> prerequisites, Predicate<K> consider) {
        List<Dropped<K>> dropped = new ArrayList<>();
        while (true) {
            Set<K> done = ordered(prerequisites);
            K stuck = null;
            for (K k : prerequisites.keySet()) {
                if (!done.contains(k) && consider.test(k)) {
                    stuck = k;
                    break;
                }
            }
            if (stuck == null) {
                return dropped;
            }
            List<K> cycle = cycleFrom(stuck, prerequisites, done);
            K from = cycle.get(cycle.size() - 1);
            K to = cycle.get(0);
            prerequisites.get(from).remove(to);
            dropped.add(new Dropped<>(from, to, List.copyOf(cycle)));
        }
    }

    /** The nodes Kahn's algorithm can order. */
    private static <K> Set<K> ordered(Map<K, Set<K>> prerequisites) {
        Set<K> done = new HashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<K, Set<K>> e : prerequisites.entrySet()) {
                if (!done.contains(e.getKey()) && allDone(e.getValue(), done, prerequisites)) {
                    done.add(e.getKey());
                    progress = true;
                }
            }
        }
        return done;
    }

    private static <K> boolean allDone(Set<K> prerequisites, Set<K> done, Map<K, Set<K>> graph) {
        for (K p : prerequisites) {
            if (!done.contains(p) && graph.containsKey(p)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Follows unordered prerequisites from {@code start} until a node repeats; returns the cycle in order. Every
     * unordered node has an unordered prerequisite, so the walk always closes a cycle.
     */
    private static <K> List<K> cycleFrom(K start, Map<K, Set<K>> prerequisites, Set<K> done) {
        List<K> path = new ArrayList<>();
        K cur = start;
        while (!path.contains(cur)) {
            path.add(cur);
            K next = null;
            for (K p : prerequisites.get(cur)) {
                if (!done.contains(p) && prerequisites.containsKey(p)) {
                    next = p;
                    break;
                }
            }
            cur = next;
        }
        return path.subList(path.indexOf(cur), path.size());
    }
}
