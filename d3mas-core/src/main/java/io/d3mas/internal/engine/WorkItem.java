package io.d3mas.internal.engine;

import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One unit the scheduler runs: an atomic task for an agent. With the task layer on there is one per leaf
 * task; without it, one per agent on the root task.
 */
final class WorkItem {
    final String id;
    final TaskInfo task;
    /** Work items that must finish first. */
    final Set<String> prerequisites = new LinkedHashSet<>();

    volatile String agentId;
    volatile double assignedSimilarity;
    volatile @Nullable Outcome outcome;
    /** The agents that were called for this item, in any round. */
    final Set<String> triedAgents = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Whether its filled-in task stayed with its agent for the task's operation (never passed on). */
    volatile boolean keptForOperation;
    /** Whether its last retrieval deferred memory to another agent's running task. */
    volatile boolean deferred;
    /** True while the scheduler runs this item: its memory claims hold others off (hand-over). */
    volatile boolean running;
    /** True while a feedback round retries this item for itself (it was weak): a new answer must be surer. */
    volatile boolean retried;
    /** The memory its last step was given: a feedback round keeps it and adds to it. */
    volatile java.util.List<io.d3mas.memory.MemoryHit> held = java.util.List.of();
    /** Reasoning node ids this item produced, oldest first (feedback rounds add more). */
    final java.util.List<String> reasoningNodes = new java.util.concurrent.CopyOnWriteArrayList<>();

    WorkItem(String id, TaskInfo task, String agentId) {
        this.id = id;
        this.task = task;
        this.agentId = agentId;
    }

    /** Whether the item still needs work: no answer, low confidence or unmet needs. */
    boolean isWeak(double minConfidence) {
        Outcome o = outcome;
        return o == null
                || !o.answered()
                || o.confidence() < minConfidence
                || !o.needs().isEmpty();
    }
}
