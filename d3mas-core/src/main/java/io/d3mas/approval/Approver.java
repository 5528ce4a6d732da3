package io.d3mas.approval;

/**
 * A person (or a policy) who sees what the team is about to act on and decides: each decomposition before its
 * sub-tasks run, and, when asked for ({@code D3Mas.Builder.approver(approver, true)}), each agent's answer
 * before other tasks build on it. It may approve, edit, reject, or suspend the solve until a person has
 * decided: the solve is checkpointed and ends with {@link io.d3mas.SolveSuspendedException}; {@code
 * D3Mas.resume(solveId)}, in this JVM or another, asks the approver again where it stopped (and only there:
 * decisions already taken are kept in the checkpoint).
 *
 * <p>Called on the team's threads, possibly concurrently for answers of parallel tasks. An approver that throws
 * is taken to reject, with a warning.
 *
 * @apiNote Experimental: it may change in a 0.x minor version (see CHANGELOG.md).
 * @since 0.1.0
 */
@FunctionalInterface
public interface Approver {

    /** Decides on one review. */
    Approval review(Review review) throws Exception;
}
