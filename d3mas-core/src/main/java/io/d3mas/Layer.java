package io.d3mas;

/** The parts of D³MAS that can be switched off for ablations (paper Table 2). */
public enum Layer {
    /** Decomposition and capability-based assignment. Off: every agent works on the whole query. */
    TASK,
    /** Shared reasoning: conclusions handed on as premises, DEPEND edges, reuse. Off: agents see no other conclusion. */
    REASONING,
    /** Distributed memory: retrieval over the union of all agents' memory with a ledger. Off: each agent searches only its own memory. */
    MEMORY,
    /** Type-aware message passing and the feedback rounds it drives. */
    MESSAGE_PASSING
}
