package io.d3mas.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The three redundancy metrics of a solve, exactly as ARCHITECTURE §7 defines them. Each is a share in
 * [0, 1]; a metric with nothing to compare (no pairs, no retrieved memory) is 0 and its count says so.
 *
 * @param memory of the distinct memory nodes retrieved, the share retrieved by two or more agents
 * @param memoryNodes distinct memory nodes retrieved
 * @param reasoning of the pairs of reasoning nodes from different agents, the share whose conclusions
 *     have cosine similarity above {@link #SIMILAR}
 * @param reasoningPairs the number of such pairs
 * @param task of the pairs of atomic sub-task assignments to different agents, the share whose task
 *     embeddings have cosine similarity above {@link #SIMILAR}
 * @param taskPairs the number of such pairs
 * @param tool of the tool calls that ran, the share that repeated a call already run in the solve (same tool,
 *     same canonical arguments); reuse keeps it at 0 except for tools that are not reusable (since 0.2.0)
 * @param toolCalls tool calls that ran (since 0.2.0)
 * @since 0.1.0
 */
public record RedundancyMetrics(
        double memory,
        int memoryNodes,
        double reasoning,
        int reasoningPairs,
        double task,
        int taskPairs,
        double tool,
        int toolCalls) {

    /** The metrics of a solve without tool calls. */
    public RedundancyMetrics(
            double memory, int memoryNodes, double reasoning, int reasoningPairs, double task, int taskPairs) {
        this(memory, memoryNodes, reasoning, reasoningPairs, task, taskPairs, 0, 0);
    }

    /** The similarity above which two conclusions or tasks count as redundant (paper, Fig. 1). */
    public static final double SIMILAR = 0.85;

    public static final RedundancyMetrics NONE = new RedundancyMetrics(0, 0, 0, 0, 0, 0);

    /**
     * Memory redundancy from a retrieval ledger.
     *
     * @param retrievedBy memory node id to the ids of the agents that retrieved it
     */
    public static double memoryRedundancy(Map<String, ? extends Set<String>> retrievedBy) {
        if (retrievedBy.isEmpty()) {
            return 0;
        }
        long shared = retrievedBy.values().stream().filter(s -> s.size() >= 2).count();
        return (double) shared / retrievedBy.size();
    }

    /**
     * The share of cross-agent pairs whose embeddings have cosine similarity above {@link #SIMILAR}.
     *
     * @param items one entry per reasoning node (or task assignment): its agent and its embedding
     * @return the share, and 0 when there is no pair of items from different agents
     */
    public static double pairwiseRedundancy(List<AgentVector> items) {
        long pairs = 0;
        long similar = 0;
        for (int i = 0; i < items.size(); i++) {
            for (int j = i + 1; j < items.size(); j++) {
                AgentVector a = items.get(i);
                AgentVector b = items.get(j);
                if (!a.agentId().equals(b.agentId())) {
                    pairs++;
                    if (Vectors.cosine(a.vector(), b.vector()) > SIMILAR) {
                        similar++;
                    }
                }
            }
        }
        return pairs == 0 ? 0 : (double) similar / pairs;
    }

    /** The number of pairs of items from different agents. */
    public static int crossAgentPairs(List<AgentVector> items) {
        int pairs = 0;
        for (int i = 0; i < items.size(); i++) {
            for (int j = i + 1; j < items.size(); j++) {
                if (!items.get(i).agentId().equals(items.get(j).agentId())) {
                    pairs++;
                }
            }
        }
        return pairs;
    }

    /** An agent id and a vector (a conclusion's or a task's embedding). The array is not copied. */
    public record AgentVector(String agentId, float[] vector) {
        public AgentVector {
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(vector, "vector");
        }
    }
}
