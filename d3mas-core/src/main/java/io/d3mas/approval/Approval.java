package io.d3mas.approval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.d3mas.InvalidInputException;
import io.d3mas.task.SubTask;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@link Approver}'s decision. Build it with {@link #approve()}, {@link #editPlan}, {@link #editAnswer},
 * {@link #reject} or {@link #suspend}.
 *
 * @param decision what to do
 * @param subTasks the sub-tasks to use instead ({@link Decision#EDIT} of a plan)
 * @param answer the answer to use instead ({@link Decision#EDIT} of an answer)
 * @param reason why (reject, suspend), for warnings and the exception
 * @since 0.1.0
 */
public record Approval(Decision decision, @Nullable List<SubTask> subTasks, @Nullable String answer, String reason) {

    /** What to do with what was reviewed. */
    public enum Decision {
        /** Act on it as it is. */
        APPROVE,
        /** Act on the edited version. */
        EDIT,
        /** Do not act on it: a rejected plan leaves its task whole; a rejected answer goes to the next agent. */
        REJECT,
        /** Checkpoint the solve and stop until a person decides ({@code D3Mas.resume}). */
        SUSPEND
    }

    @JsonCreator
    public Approval(
            @JsonProperty("decision") Decision decision,
            @JsonProperty("subTasks") @Nullable List<SubTask> subTasks,
            @JsonProperty("answer") @Nullable String answer,
            @JsonProperty("reason") String reason) {
        this.decision = Objects.requireNonNull(decision, "decision");
        this.subTasks = subTasks == null ? null : List.copyOf(subTasks);
        this.answer = answer;
        this.reason = reason == null ? "" : reason;
    }

    public static Approval approve() {
        return new Approval(Decision.APPROVE, null, null, "");
    }

    /**
     * Use these sub-tasks instead (the same rules as a decomposer's: at least two, placeholders {@code {{i}}}
     * only to earlier ones). An empty list keeps the task whole.
     */
    public static Approval editPlan(List<SubTask> subTasks) {
        return new Approval(Decision.EDIT, Objects.requireNonNull(subTasks, "subTasks"), null, "");
    }

    /** Use this answer (and conclusion) instead of the agent's. */
    public static Approval editAnswer(String answer) {
        if (answer == null || answer.isBlank()) {
            throw new InvalidInputException("an edited answer must not be blank; reject the answer instead");
        }
        return new Approval(Decision.EDIT, null, answer.strip(), "");
    }

    public static Approval reject(String reason) {
        return new Approval(Decision.REJECT, null, null, Objects.requireNonNull(reason, "reason"));
    }

    public static Approval suspend(String reason) {
        return new Approval(Decision.SUSPEND, null, null, Objects.requireNonNull(reason, "reason"));
    }
}
