package io.d3mas;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something in a solve that did not go as configured, and what the engine did instead: a component failed and
 * the solve went on without it, a limit cut work short, or input was repaired. {@link SolveResult#warnings()}
 * lists them in order; {@link io.d3mas.event.SolveEvent.Warned} reports each as it happens. With
 * {@link SolveSettings#strict()} a warning whose code {@linkplain Code#isFailure() is a failure} fails the solve
 * with {@link ComponentFailedException} instead.
 *
 * @param code what kind of thing happened: branch on it, not on the message
 * @param component the part it concerns: {@code "decomposer"}, {@code "synthesizer"}, {@code "messagePassing"},
 *     {@code "memoryStore"}, {@code "agent:<id>"}, {@code "approver"}, {@code "checkpoints"}, {@code "budget"},
 *     {@code "query"}, {@code "embeddingModel"} or {@code "engine"}
 * @param message what happened and what was done instead, for people
 * @param cause the exception behind it, when there is one
 * @since 0.1.0
 */
public record SolveWarning(Code code, String component, String message, @Nullable Throwable cause) {

    public SolveWarning {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(message, "message");
    }

    /** A warning without an exception behind it. */
    public static SolveWarning of(Code code, String component, String message) {
        return new SolveWarning(code, component, message, null);
    }

    /** What happened. Failures are a component that threw, returned nothing usable, or missed the deadline. */
    public enum Code {
        /** The decomposer threw, returned null or missed the deadline; the task was answered whole. */
        DECOMPOSER_FAILED(true),
        /**
         * The decomposer's output broke the contract and was repaired: blank or restating sub-tasks dropped, bad
         * or cyclic dependencies ignored, sub-tasks over the limits cut.
         */
        DECOMPOSITION_REPAIRED(false),
        /** {@code maxTasks} or {@code maxTasksPerAgent} was reached. */
        TASK_LIMIT_REACHED(false),
        /** Task dependencies across levels formed a cycle; one edge was dropped. */
        DEPENDENCY_CYCLE(false),
        /** An agent threw or missed its task timeout; the task went to the next-best agent, if any. */
        AGENT_FAILED(true),
        /** An agent reached {@code maxAgentFailures}; its remaining tasks go to other agents. */
        AGENT_EXCLUDED(false),
        /** An agent said it used memory that was not retrieved for its task; that claim was ignored. */
        AGENT_CITED_UNRETRIEVED_MEMORY(false),
        /** The memory store threw or returned null; that retrieval went on without memory. */
        MEMORY_STORE_FAILED(true),
        /** Message passing threw or gave vectors of another dimension; feedback went on without it. */
        MESSAGE_PASSING_FAILED(true),
        /** Message passing made the embeddings nearly identical; the guard kept the unpropagated ones. */
        OVER_SMOOTHED(false),
        /** The synthesizer threw, returned no answer or missed the deadline; the answer was taken from the conclusions. */
        SYNTHESIZER_FAILED(true),
        /** A task that the answer needs has none; the answer leaves that part out. */
        TASK_UNANSWERED(false),
        /** No task was answered. */
        NO_ANSWER(false),
        /** A task's execution failed inside the engine. */
        TASK_FAILED(true),
        /** Tasks could not be scheduled because their prerequisites never finished. */
        TASKS_NOT_SCHEDULED(false),
        /** {@code solveTimeout} was reached; running tasks were cancelled. */
        SOLVE_TIMEOUT(false),
        /** The token or LLM-call budget was spent; no new LLM calls were started. */
        BUDGET_REACHED(false),
        /** The approver rejected a decomposition or an answer. */
        APPROVAL_REJECTED(false),
        /** The approver threw, or suspended a solve that cannot be resumed; taken as a rejection. */
        APPROVER_FAILED(true),
        /** The checkpoint store failed or held an unreadable step; the solve went on without it. */
        CHECKPOINT_FAILED(true),
        /** Characters that cannot be read were removed from the query. */
        QUERY_CLEANED(false),
        /** The embedding model gave the query a zero vector. */
        ZERO_QUERY_VECTOR(false);

        private final boolean failure;

        Code(boolean failure) {
            this.failure = failure;
        }

        /** Whether a component failed: strict mode ({@link SolveSettings#strict()}) fails the solve on these. */
        public boolean isFailure() {
            return failure;
        }
    }

    @Override
    public String toString() {
        return code + " (" + component + "): " + message;
    }
}
