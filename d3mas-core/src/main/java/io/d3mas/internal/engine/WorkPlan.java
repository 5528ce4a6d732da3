package io.d3mas.internal.engine;

import io.d3mas.Layer;
import io.d3mas.SolveWarning.Code;
import io.d3mas.metrics.Vectors;
import io.d3mas.trace.Assignment;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steps 3 and 4's bookkeeping: one work item per leaf task (task layer on) or per agent on the root (off), each
 * assigned by capability, with the prerequisites its task's dependencies give it. Feedback calls it again when a
 * weak task is re-decomposed: the task's item is retired, its new leaves get items, and every item's
 * prerequisites are derived again from the task tree. Called from the engine's thread between passes only.
 */
final class WorkPlan {

    private final SolveContext ctx;
    private final List<TeamMember> team;
    private final Assigner assigner;
    private final TaskExecutor executor;

    WorkPlan(SolveContext ctx, List<TeamMember> team, Assigner assigner, TaskExecutor executor) {
        this.ctx = ctx;
        this.team = team;
        this.assigner = assigner;
        this.executor = executor;
    }

    /** The first plan: an item for every leaf, or for every agent on the root. */
    void create() {
        if (!ctx.settings.has(Layer.TASK)) {
            TaskInfo root = ctx.tasks.values().iterator().next();
            for (TeamMember m : team) {
                WorkItem w = new WorkItem(root.id + "@" + m.id(), root, m.id());
                ctx.items.put(w.id, w);
                executor.router()
                        .assign(
                                w,
                                new Assigner.Choice(m, Vectors.cosine(m.profileEmbedding(), root.embedding)),
                                Assignment.Reason.CAPABILITY,
                                "the task layer is off: every agent works on the whole query",
                                0);
            }
            return;
        }
        addLeaves(ctx.tasks.values(), 0);
        if (assigner.overloaded()) {
            ctx.warn(
                    Code.TASK_LIMIT_REACHED,
                    "engine",
                    "every agent reached maxTasksPerAgent=" + ctx.settings.maxTasksPerAgent()
                            + "; some agents got more tasks than the limit");
        }
        derivePrerequisites();
    }

    /**
     * Replaces the item of a task that feedback has just split with items for its new leaves.
     *
     * @return the new items, in task order
     */
    List<WorkItem> replace(WorkItem split, Collection<TaskInfo> newTasks, int round) {
        ctx.items.remove(split.id);
        assigner.release(split.agentId);
        int before = ctx.items.size();
        addLeaves(newTasks, round);
        derivePrerequisites();
        return ctx.items.values().stream().skip(before).toList();
    }

    private void addLeaves(Collection<TaskInfo> tasks, int round) {
        for (TaskInfo t : List.copyOf(tasks)) {
            if (t.isLeaf() && !ctx.items.containsKey(t.id)) {
                Assigner.Choice c = assigner.assign(t.embedding, ctx.excludedAgents);
                if (c == null) {
                    c = assigner.assign(t.embedding, Set.of()); // every agent excluded: the best still tries
                }
                WorkItem w = new WorkItem(t.id, t, c.member().id());
                ctx.items.put(w.id, w);
                executor.router().assign(w, c, Assignment.Reason.CAPABILITY, "", round);
            }
        }
    }

    /** Every item's prerequisites from the task tree; cycles broken and reported. */
    private void derivePrerequisites() {
        for (WorkItem w : ctx.items.values()) {
            w.prerequisites.clear();
            w.prerequisites.addAll(prerequisites(w.task));
        }
        breakLeafCycles();
    }

    /** Leaves under every task that this leaf or one of its ancestors depends on. */
    private Set<String> prerequisites(TaskInfo leaf) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(leaf.id));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            TaskInfo t = ctx.tasks.get(todo.poll());
            if (!seen.add(t.id)) {
                continue;
            }
            for (String dep : t.dependsOn) {
                out.addAll(leavesUnder(dep));
            }
            todo.addAll(t.parents);
        }
        out.remove(leaf.id);
        return out;
    }

    private Set<String> leavesUnder(String taskId) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(taskId));
        while (!todo.isEmpty()) {
            TaskInfo t = ctx.tasks.get(todo.poll());
            if (t.isLeaf()) {
                out.add(t.id);
            } else {
                todo.addAll(t.children);
            }
        }
        return out;
    }

    /** A safety net: merged sub-tasks can join two branches into a cycle; break it and say so. */
    private void breakLeafCycles() {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        ctx.items.values().forEach(w -> graph.put(w.id, w.prerequisites));
        for (Cycles.Dropped<String> d : Cycles.breakAll(graph, id -> true)) {
            ctx.warn(
                    Code.DEPENDENCY_CYCLE,
                    "engine",
                    "task dependencies formed a cycle through " + d.cycle() + "; dropped " + d.from() + " -> "
                            + d.to());
        }
    }
}
