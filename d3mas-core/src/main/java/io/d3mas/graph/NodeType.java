package io.d3mas.graph;

/**
 * The three layers of the D³MAS graph (paper §4.1).
 *
 * @since 0.1.0
 */
public enum NodeType {
    /** A (sub-)task: the Decompose layer. */
    TASK,
    /** One agent's inference step: the Deduce layer. */
    REASONING,
    /** A piece of knowledge held by an agent: the Distribute layer. */
    MEMORY
}
