package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CyclesTest {

    private static Map<String, Set<String>> graph(String... edges) {
        Map<String, Set<String>> g = new LinkedHashMap<>();
        for (String e : edges) {
            String[] ft = e.split("->");
            g.computeIfAbsent(ft[0], k -> new LinkedHashSet<>()).add(ft[1]);
            g.computeIfAbsent(ft[1], k -> new LinkedHashSet<>());
        }
        return g;
    }

    @Test
    void should_drop_only_an_edge_on_the_cycle_not_one_of_a_task_that_waits_for_it() {
        // C waits for A; A and B wait for each other. C comes first, but C -> A closes no cycle and must stay.
        Map<String, Set<String>> g = graph("C->A", "A->B", "B->A");
        List<Cycles.Dropped<String>> dropped = Cycles.breakAll(g, k -> true);
        assertEquals(1, dropped.size(), dropped.toString());
        assertEquals(Set.of("A"), g.get("C"), "a dependency off the cycle was dropped");
        assertTrue(g.get("A").isEmpty() ^ g.get("B").isEmpty(), g.toString());
        assertEquals(2, dropped.get(0).cycle().size());
    }

    @Test
    void should_break_every_cycle_and_leave_an_acyclic_graph_alone() {
        Map<String, Set<String>> g = graph("A->A", "B->C", "C->D", "D->B", "E->B");
        List<Cycles.Dropped<String>> dropped = Cycles.breakAll(g, k -> true);
        assertEquals(2, dropped.size(), dropped.toString());
        assertEquals(Set.of("B"), g.get("E"));
        assertTrue(Cycles.breakAll(g, k -> true).isEmpty(), "still cyclic: " + g);
        Map<String, Set<String>> dag = graph("A->B", "B->C", "A->C");
        assertTrue(Cycles.breakAll(dag, k -> true).isEmpty());
        assertEquals(graph("A->B", "B->C", "A->C"), dag);
    }

    @Test
    void should_treat_unknown_prerequisites_as_done() {
        Map<String, Set<String>> g = new LinkedHashMap<>();
        g.put("A", new LinkedHashSet<>(Set.of("gone")));
        assertTrue(Cycles.breakAll(g, k -> true).isEmpty());
    }
}
