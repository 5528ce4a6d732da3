package io.d3mas.trace;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What step 7's feedback did in a solve: the rounds it ran, what each refined, and why the rounds stopped.
 *
 * @param rounds one entry per feedback round run, in order
 * @param stop why no further round ran
 * @param detail the numbers behind {@code stop} ("largest move 3.1e-05 &lt; ε = 1e-04", "no task improved")
 * @since 0.1.0
 */
public record FeedbackRecord(List<Round> rounds, Stop stop, String detail) {

    public FeedbackRecord {
        rounds = List.copyOf(Objects.requireNonNull(rounds, "rounds"));
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(detail, "detail");
    }

    /** Feedback did not run, for this reason. */
    public static FeedbackRecord notRun(Stop stop, String detail) {
        return new FeedbackRecord(List.of(), stop, detail);
    }

    /** Why the feedback rounds ended. */
    public enum Stop {
        /** The FEEDBACK layer is off or {@code maxFeedbackRounds} is 0. */
        SWITCHED_OFF,
        /** Every task was answered with enough confidence and no unmet needs. */
        NO_WEAK_TASKS,
        /** A round answered no weak task better than before. */
        NOT_IMPROVED,
        /**
         * The propagated embeddings of the nodes present in two consecutive rounds moved less than ε: another
         * round would search memory with the same vectors.
         */
        CONVERGED,
        /** {@code maxFeedbackRounds} rounds ran. */
        MAX_ROUNDS,
        /** The solve's deadline came first. */
        DEADLINE,
        /** The token or LLM-call budget was spent. */
        BUDGET
    }

    /**
     * One feedback round.
     *
     * @param round 1 for the first feedback round
     * @param weakTasks the tasks that were weak at its start (no answer, low confidence or unmet needs)
     * @param redecomposed the weak tasks that the decomposer split further in this round
     * @param tasksRun the tasks run again: the weak ones, their new sub-tasks and what depends on them
     * @param improved how many of the weak tasks ended with a higher confidence than before
     * @param largestMove the largest L2 change of a propagated embedding since the previous round, over the nodes
     *     present in both; null when message passing did not run
     */
    public record Round(
            int round,
            List<String> weakTasks,
            List<String> redecomposed,
            int tasksRun,
            int improved,
            @Nullable Double largestMove) {
        public Round {
            weakTasks = List.copyOf(weakTasks);
            redecomposed = List.copyOf(redecomposed);
        }
    }
}
