package io.d3mas.engine;

import io.d3mas.SolveWarning.Code;
import io.d3mas.task.SubTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    /** Removes dependencies until the sibling graph is acyclic (Kahn's algorithm), warning for each. */
    static void breakCycles(SolveContext ctx, String parent, int n, List<Set<Integer>> deps, boolean[] keep) {
        while (true) {
            boolean[] done = new boolean[n];
            boolean progress = true;
            while (progress) {
                progress = false;
                for (int i = 0; i < n; i++) {
                    if (!done[i] && allDone(deps.get(i), done)) {
                        done[i] = true;
                        progress = true;
                    }
                }
            }
            int stuck = -1;
            for (int i = 0; i < n && stuck < 0; i++) {
                if (!done[i] && keep[i]) {
                    stuck = i;
                }
            }
            if (stuck < 0) {
                return;
            }
            List<Integer> cycle = findCycle(stuck, deps, done);
            int from = cycle.get(cycle.size() - 1);
            int to = cycle.get(0);
            deps.get(from).remove(to);
            ctx.warn(
                    Code.DECOMPOSITION_REPAIRED,
                    "decomposer",
                    "decomposer returned a dependency cycle among the sub-tasks of task " + parent + ": "
                            + cycle.stream().map(i -> "#" + i).toList() + "; broke it by dropping #" + from + " -> #"
                            + to);
        }
    }

    private static boolean allDone(Set<Integer> deps, boolean[] done) {
        for (int d : deps) {
            if (!done[d]) {
                return false;
            }
        }
        return true;
    }

    /** Follows undone dependencies from {@code start} until a node repeats; returns the cycle in order. */
    private static List<Integer> findCycle(int start, List<Set<Integer>> deps, boolean[] done) {
        List<Integer> path = new ArrayList<>();
        int cur = start;
        while (!path.contains(cur)) {
            path.add(cur);
            int next = -1;
            for (int d : deps.get(cur)) {
                if (!done[d]) {
                    next = d;
                    break;
                }
            }
            cur = next;
        }
        return path.subList(path.indexOf(cur), path.size());
    }
}
