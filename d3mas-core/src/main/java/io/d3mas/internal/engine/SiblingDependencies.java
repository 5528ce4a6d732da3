package io.d3mas.internal.engine;

import io.d3mas.SolveWarning.Code;
import io.d3mas.task.SubTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The dependencies a decomposer declared among one task's sub-tasks: checked, and made acyclic with a warning. */
final class SiblingDependencies {

    private SiblingDependencies() {}

    /** The declared dependencies that refer to another kept sibling; each dropped one is a warning. */
    static List<Set<Integer>> valid(SolveContext ctx, String parent, List<SubTask> subs, boolean[] keep) {
        List<Set<Integer>> deps = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            Set<Integer> d = new HashSet<>();
            for (int j : subs.get(i).dependsOn()) {
                if (j == i) {
                    ctx.warn(
                            Code.DECOMPOSITION_REPAIRED,
                            "decomposer",
                            "sub-task #" + i + " of task " + parent + " depends on itself; dependency ignored");
                } else if (j < 0 || j >= subs.size()) {
                    ctx.warn(
                            Code.DECOMPOSITION_REPAIRED,
                            "decomposer",
                            "sub-task #" + i + " of task " + parent + " depends on #" + j + ", which does not exist ("
                                    + subs.size() + " sub-tasks); dependency ignored");
                } else if (!keep[j]) {
                    ctx.warn(
                            Code.DECOMPOSITION_REPAIRED,
                            "decomposer",
                            "sub-task #" + i + " of task " + parent + " depends on dropped sub-task #" + j
                                    + "; dependency ignored");
                } else {
                    d.add(j);
                }
            }
            deps.add(d);
        }
        return deps;
    }

    /** Removes dependencies until the sibling graph is acyclic ({@link Cycles}), warning for each. */
    static void breakCycles(SolveContext ctx, String parent, int n, List<Set<Integer>> deps, boolean[] keep) {
        Map<Integer, Set<Integer>> graph = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            graph.put(i, deps.get(i));
        }
        for (Cycles.Dropped<Integer> d : Cycles.breakAll(graph, i -> keep[i])) {
            ctx.warn(
                    Code.DECOMPOSITION_REPAIRED,
                    "decomposer",
                    "decomposer returned a dependency cycle among the sub-tasks of task " + parent + ": "
                            + d.cycle().stream().map(i -> "#" + i).toList() + "; broke it by dropping #" + d.from()
                            + " -> #" + d.to());
        }
    }
}
