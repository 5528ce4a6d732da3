package io.d3mas.internal.engine;

import io.d3mas.metrics.Vectors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 3: capability-based assignment, {@code argmax_i cos(profile(A_i), h_task)} (paper eq. 5). Ties
 * (within 1e-9) go to the agent with fewer tasks, then to the earlier agent in the team. An agent at
 * {@code maxTasksPerAgent} is passed over for the next-best one. One instance per solve; thread-safe.
 */
final class Assigner {

    private static final double TIE = 1e-9;

    private final List<TeamMember> team;
    private final int maxTasksPerAgent;
    private final Map<String, Integer> load = new HashMap<>();

    Assigner(List<TeamMember> team, int maxTasksPerAgent) {
        this.team = team;
        this.maxTasksPerAgent = maxTasksPerAgent;
    }

    /** A ranked candidate. */
    record Choice(TeamMember member, double similarity) {}

    /**
     * Picks and books the best agent for a task, skipping {@code excluded} ids.
     *
     * @return null when every agent is excluded
     */
    synchronized Choice assign(float[] task, Collection<String> excluded) {
        List<Choice> ranked = rank(task);
        Choice pick = null;
        for (Choice c : ranked) {
            if (excluded.contains(c.member().id())) {
                continue;
            }
            if (maxTasksPerAgent == 0 || load.getOrDefault(c.member().id(), 0) < maxTasksPerAgent) {
                pick = c;
                break;
            }
            if (pick == null) {
                pick = c; // everyone eligible is full: fall back to the best, counted as overload
            }
        }
        if (pick != null) {
            load.merge(pick.member().id(), 1, Integer::sum);
        }
        return pick;
    }

    /** Returns a booked task (the task was reassigned or reused). */
    synchronized void release(String agentId) {
        load.computeIfPresent(agentId, (k, v) -> v <= 1 ? null : v - 1);
    }

    synchronized List<Choice> rank(float[] task) {
        List<Choice> order = new ArrayList<>(team.size());
        Map<String, Integer> position = new HashMap<>();
        for (TeamMember m : team) {
            position.put(m.id(), position.size());
            order.add(new Choice(m, Vectors.cosine(m.profileEmbedding(), task)));
        }
        order.sort((a, b) -> {
            if (Math.abs(a.similarity() - b.similarity()) > TIE) {
                return Double.compare(b.similarity(), a.similarity());
            }
            int byLoad = Integer.compare(
                    load.getOrDefault(a.member().id(), 0),
                    load.getOrDefault(b.member().id(), 0));
            return byLoad != 0
                    ? byLoad
                    : Integer.compare(
                            position.get(a.member().id()),
                            position.get(b.member().id()));
        });
        return order;
    }

    /** Whether any agent went over {@code maxTasksPerAgent}. */
    synchronized boolean overloaded() {
        return maxTasksPerAgent > 0 && load.values().stream().anyMatch(v -> v > maxTasksPerAgent);
    }
}
