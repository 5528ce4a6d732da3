package io.d3mas;

/**
 * The parts of D³MAS that can be switched off for ablations: the paper's layers (Table 2), plus feedback and the
 * hand-over of the retrieval ledger, each on its own so that their effects can be measured apart.
 *
 * @since 0.1.0
 */
public enum Layer {
    /** Decomposition and capability-based assignment. Off: every agent works on the whole query. */
    TASK,
    /** Shared reasoning: conclusions handed on as premises, DEPEND edges, reuse. Off: agents see no other conclusion. */
    REASONING,
    /** Distributed memory: retrieval over the union of all agents' memory with a ledger. Off: each agent searches only its own memory. */
    MEMORY,
    /**
     * The retrieval ledger's rule, "each agent accesses only what others have not obtained" (paper §3.3): memory
     * that another agent's conclusion rests on is handed over as that conclusion, and memory that a running task
     * of another agent holds goes to no second agent at the same time. Needs MEMORY and REASONING. Off: every
     * task retrieves its top-k on its own, as independent agents on the same sub-tasks would.
     */
    HAND_OVER,
    /** Type-aware message passing: propagated embeddings for ranking and for feedback retrieval. */
    MESSAGE_PASSING,
    /**
     * Feedback rounds (step 7): weak tasks are re-decomposed or retrieved for again, with what depends on them.
     * Runs with or without message passing; without it, feedback retrieval uses the unpropagated embeddings.
     */
    FEEDBACK
}
