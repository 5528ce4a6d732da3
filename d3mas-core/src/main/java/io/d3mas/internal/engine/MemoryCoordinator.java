package io.d3mas.internal.engine;

import io.d3mas.Layer;
import io.d3mas.SolveWarning.Code;
import io.d3mas.agent.Premise;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryRecord;
import io.d3mas.memory.MemoryStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Step 5, Distribute: retrieval over the union of all agents' memories (paper eq. 8–9) with the retrieval
 * ledger. Knowledge that another agent's conclusion already rests on is handed over as that conclusion
 * instead of being retrieved again. Without the memory layer, each agent searches only its own memory.
 */
final class MemoryCoordinator {

    private final SolveContext ctx;
    private final MemoryStore store;

    MemoryCoordinator(SolveContext ctx, MemoryStore store) {
        this.ctx = ctx;
        this.store = store;
    }

    /**
     * What an agent gets from memory for one task.
     *
     * @param memory the records it receives; the step records a RETRIEVE edge to each
     * @param handedOver conclusions of other agents' finished steps that rest on knowledge it would have retrieved
     * @param handedOverRecords the records those conclusions stand in for: hits the agent did not get as memory
     * @param deferred memory node ids it would have retrieved but that a task of another agent, running at the
     *     same time, already holds: that task's conclusion is handed over once it is recorded
     */
    record Retrieval(
            List<MemoryHit> memory, List<Premise> handedOver, List<String> handedOverRecords, List<String> deferred) {}

    /**
     * Searches for each query vector and merges the hits (best score per record), keeping {@code k} (paper eq. 9);
     * in a feedback round the records the item's last step was given come first and are kept, and the queries add
     * at most {@code k} records to them, so feedback only adds. With the memory, reasoning and hand-over layers on, applies the retrieval ledger, so that each agent
     * gets only what others have not obtained (paper §3.3): knowledge another agent's recorded conclusion rests on
     * is handed over as that conclusion; knowledge a running task of another agent holds is deferred, its slot
     * going to the next hit; knowledge another agent's finished step read without using it comes after every fresh
     * hit; everything else is claimed for this item.
     */
    Retrieval retrieve(List<float[]> queries, List<MemoryHit> kept, WorkItem item, String agentId) {
        boolean shared = ctx.settings.has(Layer.MEMORY);
        boolean coordinated = shared && ctx.settings.has(Layer.REASONING) && ctx.settings.has(Layer.HAND_OVER);
        Set<String> owners = shared ? Set.of() : Set.of(agentId);
        int k = ctx.settings.topK();
        Map<String, MemoryHit> keep = new LinkedHashMap<>();
        for (MemoryHit h : kept) {
            if (shared || agentId.equals(h.record().ownerAgentId())) {
                keep.put(h.record().id(), h);
            }
        }
        // room for the kept records and for the hits deferred to running tasks, so that k new ones remain
        int fetch = keep.size() + (coordinated ? 2 * k : k);
        Map<String, MemoryHit> best = new LinkedHashMap<>();
        for (float[] q : queries) {
            for (MemoryHit h : search(new MemoryQuery(q, fetch, ctx.settings.threshold(), owners))) {
                if (!keep.containsKey(h.record().id())) {
                    best.merge(h.record().id(), h, (a, b) -> a.score() >= b.score() ? a : b);
                }
            }
        }
        List<MemoryHit> hits = new ArrayList<>(best.values());
        hits.sort(Comparator.comparingDouble(MemoryHit::score).reversed());
        int slots = keep.size() + k;
        if (!coordinated) {
            List<MemoryHit> give = new ArrayList<>(keep.values());
            give.addAll(hits.subList(0, Math.min(k, hits.size())));
            return new Retrieval(give, List.of(), List.of(), List.of());
        }
        List<MemoryHit> give = new ArrayList<>(keep.values());
        Map<String, Premise> handed = new LinkedHashMap<>();
        List<String> handedRecords = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        List<MemoryHit> seenElsewhere = new ArrayList<>();
        for (MemoryHit h : hits) {
            if (give.size() + handed.size() >= slots) {
                break;
            }
            String mid = SolveContext.memoryNodeId(h.record().id());
            String grounded = ctx.groundedIn.get(mid);
            Node step = grounded == null ? null : ctx.graph.node(grounded).orElse(null);
            if (step != null && !agentId.equals(step.agentId()) && !item.reasoningNodes.contains(step.id())) {
                handed.putIfAbsent(step.id(), premiseOf(step));
                handedRecords.add(h.record().id());
                continue;
            }
            WorkItem holder = ctx.claims.putIfAbsent(mid, item);
            if (holder == null || holder == item || agentId.equals(holder.agentId)) {
                give.add(h);
            } else if (holder.running) {
                deferred.add(mid);
            } else {
                seenElsewhere.add(h); // another agent's finished step read it and did not use it
            }
        }
        // what another agent already read without using it comes last: fresh knowledge first
        for (MemoryHit h : seenElsewhere) {
            if (give.size() + handed.size() < slots) {
                give.add(h);
            }
        }
        return new Retrieval(give, List.copyOf(handed.values()), List.copyOf(handedRecords), deferred);
    }

    /**
     * One search; a store that fails (closed, its database gone, a dimension it does not hold) costs this query
     * its memory, not the solve: the failure is reported and the agent reasons without it.
     */
    private List<MemoryHit> search(MemoryQuery query) {
        try {
            List<MemoryHit> hits = store.search(query);
            if (hits == null) {
                ctx.warn(
                        Code.MEMORY_STORE_FAILED,
                        "memoryStore",
                        "memory store " + io.d3mas.internal.text.Text.displayName(store.getClass())
                                + " returned null for a"
                                + " search (return an empty list for no hits); this retrieval continues without memory");
                return List.of();
            }
            return hits;
        } catch (RuntimeException e) {
            ctx.warn(
                    Code.MEMORY_STORE_FAILED,
                    "memoryStore",
                    "memory store " + io.d3mas.internal.text.Text.displayName(store.getClass()) + " failed: "
                            + e.getMessage() + "; this retrieval continues without memory",
                    e);
            return List.of();
        }
    }

    /**
     * Adds a retrieved record as a memory node, with the RELATE edges its record carries (from ingestion) to
     * memory nodes in the graph; a related record retrieved later gets its edge when it joins.
     */
    void addNode(String mid, MemoryHit hit) {
        MemoryRecord r = hit.record();
        synchronized (ctx.graph) {
            if (ctx.graph.node(mid).isPresent()) {
                return;
            }
            Node node = Node.of(mid, NodeType.MEMORY, r.content(), r.embedding(), r.ownerAgentId(), r.provenance());
            ctx.graph.addNode(r.sharedWith().isEmpty() ? node : node.withAttribute("sharedWith", r.sharedWith()));
            for (String related : r.related()) {
                String other = SolveContext.memoryNodeId(related);
                if (ctx.graph.node(other).isPresent()) {
                    ctx.graph.addEdge(EdgeType.RELATE, mid, other);
                } else {
                    ctx.relationsWaiting
                            .computeIfAbsent(other, k -> new HashSet<>())
                            .add(mid);
                }
            }
            for (String waiting : ctx.relationsWaiting.getOrDefault(mid, Set.of())) {
                ctx.graph.addEdge(EdgeType.RELATE, waiting, mid);
            }
            ctx.relationsWaiting.remove(mid);
        }
    }

    static Premise premiseOf(Node step) {
        Object answer = step.attributes().getOrDefault(Node.ANSWER, step.content());
        Object task = step.attributes().getOrDefault(Node.TASK, "");
        return new Premise(
                step.id(),
                String.valueOf(task),
                String.valueOf(step.agentId()),
                String.valueOf(answer),
                step.content());
    }
}
