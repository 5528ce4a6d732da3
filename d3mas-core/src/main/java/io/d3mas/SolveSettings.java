package io.d3mas;

import io.d3mas.propagation.PropagationSettings;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything that tunes a solve. Immutable; defaults follow the paper (§5.4): k = 5, θ = 0.65,
 * message passing L = 3 with at most 10 iterations. Build with {@link #builder()}; change one with
 * {@link #toBuilder()}.
 *
 * @since 0.1.0
 */
public final class SolveSettings {

    /**
     * The longest {@code taskTimeout} or {@code solveTimeout}: 100 years. A longer one (e.g.
     * {@code Duration.ofSeconds(Long.MAX_VALUE)} for "no limit") is taken as this, so deadlines never overflow.
     */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(365L * 100);

    private final Set<Layer> layers;
    private final int topK;
    private final double threshold;
    private final int maxDepth;
    private final int maxSubTasks;
    private final int maxTasks;
    private final double mergeThreshold;
    private final double reuseThreshold;
    private final double dependThreshold;
    private final double relateThreshold;

    /**
     * The similarity at which two memory records are related (RELATE), at ingestion ({@code MemoryIngestor}) and
     * among retrieved memory in a solve alike: 0.8.
     */
    public static final double DEFAULT_RELATE_THRESHOLD = 0.8;

    private final double minConfidence;
    private final int maxFeedbackRounds;
    private final int maxConcurrency;
    private final int maxTasksPerAgent;
    private final int maxReassignments;
    private final Duration taskTimeout;
    /** Whether taskTimeout was set, rather than defaulted (a default follows a shorter solveTimeout). */
    private final boolean taskTimeoutSet;

    private final boolean strict;

    private final Duration solveTimeout;
    private final int maxQueryLength;
    private final long tokenBudget;
    private final int llmCallBudget;
    private final int maxAgentFailures;
    private final PropagationSettings propagation;

    private SolveSettings(Builder b) {
        this.layers = Set.copyOf(b.layers);
        this.topK = b.topK;
        this.threshold = b.threshold;
        this.maxDepth = b.maxDepth;
        this.maxSubTasks = b.maxSubTasks;
        this.maxTasks = b.maxTasks;
        this.mergeThreshold = b.mergeThreshold;
        this.reuseThreshold = b.reuseThreshold;
        this.dependThreshold = b.dependThreshold;
        this.relateThreshold = b.relateThreshold;
        this.minConfidence = b.minConfidence;
        this.maxFeedbackRounds = b.maxFeedbackRounds;
        this.maxConcurrency = b.maxConcurrency;
        this.maxTasksPerAgent = b.maxTasksPerAgent;
        this.maxReassignments = b.maxReassignments;
        this.taskTimeoutSet = b.taskTimeout != null;
        this.taskTimeout = taskTimeoutSet
                ? b.taskTimeout
                : (Builder.DEFAULT_TASK_TIMEOUT.compareTo(b.solveTimeout) > 0
                        ? b.solveTimeout
                        : Builder.DEFAULT_TASK_TIMEOUT);
        this.solveTimeout = b.solveTimeout;
        this.strict = b.strict;
        this.maxQueryLength = b.maxQueryLength;
        this.tokenBudget = b.tokenBudget;
        this.llmCallBudget = b.llmCallBudget;
        this.maxAgentFailures = b.maxAgentFailures;
        this.propagation = b.propagation;
        if (taskTimeout.compareTo(solveTimeout) > 0) {
            throw new InvalidInputException(
                    "taskTimeout (" + taskTimeout + ") must not exceed solveTimeout (" + solveTimeout + ")");
        }
    }

    /** The paper's defaults. */
    public static SolveSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.layers = EnumSet.noneOf(Layer.class);
        b.layers.addAll(layers);
        b.topK = topK;
        b.threshold = threshold;
        b.maxDepth = maxDepth;
        b.maxSubTasks = maxSubTasks;
        b.maxTasks = maxTasks;
        b.mergeThreshold = mergeThreshold;
        b.reuseThreshold = reuseThreshold;
        b.dependThreshold = dependThreshold;
        b.relateThreshold = relateThreshold;
        b.minConfidence = minConfidence;
        b.maxFeedbackRounds = maxFeedbackRounds;
        b.maxConcurrency = maxConcurrency;
        b.maxTasksPerAgent = maxTasksPerAgent;
        b.maxReassignments = maxReassignments;
        b.taskTimeout = taskTimeoutSet ? taskTimeout : null;
        b.solveTimeout = solveTimeout;
        b.strict = strict;
        b.maxQueryLength = maxQueryLength;
        b.tokenBudget = tokenBudget;
        b.llmCallBudget = llmCallBudget;
        b.maxAgentFailures = maxAgentFailures;
        b.propagation = propagation;
        return b;
    }

    /** The layers that run. Default: all. */
    public Set<Layer> layers() {
        return layers;
    }

    public boolean has(Layer layer) {
        return layers.contains(layer);
    }

    /** k of the top-k retrieval (eq. 9). Default 5. */
    public int topK() {
        return topK;
    }

    /** θ: retrieval keeps scores strictly above it (eq. 9). Default 0.65. */
    public double threshold() {
        return threshold;
    }

    /** Deepest decomposition level below the root. Default 3. */
    public int maxDepth() {
        return maxDepth;
    }

    /** Most sub-tasks kept from one decomposition; extra ones are dropped with a warning. Default 8. */
    public int maxSubTasks() {
        return maxSubTasks;
    }

    /** Most task nodes in one solve, root included. Default 32. */
    public int maxTasks() {
        return maxTasks;
    }

    /** Sub-tasks at least this similar to an existing task are merged into it. Default 0.95. */
    public double mergeThreshold() {
        return mergeThreshold;
    }

    /** A task at least this similar to an answered task reuses its conclusion, with no call. Default 0.95. */
    public double reuseThreshold() {
        return reuseThreshold;
    }

    /** A premise at least this similar to a conclusion makes a DEPEND edge (eq. 7). Default 0.85. */
    public double dependThreshold() {
        return dependThreshold;
    }

    /** Retrieved memory nodes at least this similar are joined by RELATE edges. Default 0.8. */
    public double relateThreshold() {
        return relateThreshold;
    }

    /** Conclusions below this confidence get feedback rounds. Default 0.5. */
    public double minConfidence() {
        return minConfidence;
    }

    /** Rounds of message passing and feedback after the first pass. Default 2; 0 disables feedback. */
    public int maxFeedbackRounds() {
        return maxFeedbackRounds;
    }

    /** Most tasks of one solve running at once. Default 8. */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /** Most tasks assigned to one agent before the next-best agent takes over; 0 = no limit (default). */
    public int maxTasksPerAgent() {
        return maxTasksPerAgent;
    }

    /** How often a failed task goes to the next-best agent. Default 1. */
    public int maxReassignments() {
        return maxReassignments;
    }

    /**
     * Whether a component failure fails the solve: a {@link SolveWarning} whose code {@linkplain
     * SolveWarning.Code#isFailure() is a failure} (a decomposer, agent, memory store, message passing,
     * synthesizer, approver or checkpoint store that threw or missed the deadline) ends the solve with
     * {@link ComponentFailedException} instead of a degraded answer. Default false: the solve goes on without the
     * component and reports it in {@link SolveResult#warnings()}.
     */
    public boolean strict() {
        return strict;
    }

    /** Limit for one agent call. Default 60 s, or the solve timeout when that is shorter. */
    public Duration taskTimeout() {
        return taskTimeout;
    }

    /** Limit for a whole solve; when reached, running calls are cancelled and the answer is synthesized from what exists. Default 10 min. */
    public Duration solveTimeout() {
        return solveTimeout;
    }

    /** Longest query accepted, in characters. Default 10,000. */
    public int maxQueryLength() {
        return maxQueryLength;
    }

    /**
     * Most tokens (input + output, as the provider reports them) one solve may spend; 0 = no limit (default).
     * When reached, no new LLM call starts and the answer is synthesized from what exists; the result says so
     * in {@link io.d3mas.metrics.Usage#budgetStop()}.
     */
    public long tokenBudget() {
        return tokenBudget;
    }

    /** Most LLM calls one solve may make; 0 = no limit (default). Reached: as {@link #tokenBudget()}. */
    public int llmCallBudget() {
        return llmCallBudget;
    }

    /**
     * After this many failed calls in one solve an agent gets no more tasks: they go to the next-best agent,
     * and the result reports it. Default 3.
     */
    public int maxAgentFailures() {
        return maxAgentFailures;
    }

    /** Message passing parameters. */
    public PropagationSettings propagation() {
        return propagation;
    }

    @Override
    public String toString() {
        return "SolveSettings[layers=" + layers + ", topK=" + topK + ", threshold=" + threshold + ", maxDepth="
                + maxDepth + ", maxSubTasks=" + maxSubTasks + ", maxTasks=" + maxTasks + ", maxConcurrency="
                + maxConcurrency + ", taskTimeout=" + taskTimeout + ", solveTimeout=" + solveTimeout + ", strict="
                + strict + ", tokenBudget="
                + tokenBudget + ", llmCallBudget=" + llmCallBudget + "]";
    }

    /** Builds {@link SolveSettings}; every setter rejects a bad value at once, naming the field. */
    public static final class Builder {
        private EnumSet<Layer> layers = EnumSet.allOf(Layer.class);
        private int topK = 5;
        private double threshold = 0.65;
        private int maxDepth = 3;
        private int maxSubTasks = 8;
        private int maxTasks = 32;
        private double mergeThreshold = 0.95;
        private double reuseThreshold = 0.95;
        private double dependThreshold = 0.85;
        private double relateThreshold = DEFAULT_RELATE_THRESHOLD;
        private double minConfidence = 0.5;
        private int maxFeedbackRounds = 2;
        private int maxConcurrency = 8;
        private int maxTasksPerAgent = 0;
        private int maxReassignments = 1;
        private static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofSeconds(60);
        /** Null until set: the default, 60 s, or the solve timeout when that is shorter. */
        private @Nullable Duration taskTimeout;

        private Duration solveTimeout = Duration.ofMinutes(10);
        private boolean strict;
        private int maxQueryLength = 10_000;
        private long tokenBudget = 0;
        private int llmCallBudget = 0;
        private int maxAgentFailures = 3;
        private PropagationSettings propagation = PropagationSettings.defaults();

        private Builder() {}

        /** Sets {@link SolveSettings#layers()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder layers(Set<Layer> value) {
            Objects.requireNonNull(value, "layers");
            layers = value.isEmpty() ? EnumSet.noneOf(Layer.class) : EnumSet.copyOf(value);
            return this;
        }

        /** The layers of one of the paper's ablation configurations. */
        public Builder ablation(Ablation ablation) {
            return layers(ablation.layers());
        }

        /** Sets {@link SolveSettings#topK()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder topK(int value) {
            topK = atLeast("topK", value, 1);
            return this;
        }

        /** Sets {@link SolveSettings#threshold()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder threshold(double value) {
            threshold = between("threshold", value, -1, 1);
            return this;
        }

        /** Sets {@link SolveSettings#maxDepth()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder maxDepth(int value) {
            maxDepth = atLeast("maxDepth", value, 0);
            return this;
        }

        /** Sets {@link SolveSettings#maxSubTasks()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder maxSubTasks(int value) {
            maxSubTasks = atLeast("maxSubTasks", value, 1);
            return this;
        }

        /** Sets {@link SolveSettings#maxTasks()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder maxTasks(int value) {
            maxTasks = atLeast("maxTasks", value, 1);
            return this;
        }

        /** Sets {@link SolveSettings#mergeThreshold()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder mergeThreshold(double value) {
            mergeThreshold = between("mergeThreshold", value, -1, 1);
            return this;
        }

        /** Sets {@link SolveSettings#reuseThreshold()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder reuseThreshold(double value) {
            reuseThreshold = between("reuseThreshold", value, -1, 1);
            return this;
        }

        /** Sets {@link SolveSettings#dependThreshold()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder dependThreshold(double value) {
            dependThreshold = between("dependThreshold", value, -1, 1);
            return this;
        }

        /** Sets {@link SolveSettings#relateThreshold()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder relateThreshold(double value) {
            relateThreshold = between("relateThreshold", value, -1, 1);
            return this;
        }

        /** Sets {@link SolveSettings#minConfidence()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder minConfidence(double value) {
            minConfidence = between("minConfidence", value, 0, 1);
            return this;
        }

        /** Sets {@link SolveSettings#maxFeedbackRounds()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder maxFeedbackRounds(int value) {
            maxFeedbackRounds = atLeast("maxFeedbackRounds", value, 0);
            return this;
        }

        /** Sets {@link SolveSettings#maxConcurrency()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder maxConcurrency(int value) {
            maxConcurrency = atLeast("maxConcurrency", value, 1);
            return this;
        }

        /** Sets {@link SolveSettings#maxTasksPerAgent()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder maxTasksPerAgent(int value) {
            maxTasksPerAgent = atLeast("maxTasksPerAgent", value, 0);
            return this;
        }

        /** Sets {@link SolveSettings#maxReassignments()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder maxReassignments(int value) {
            maxReassignments = atLeast("maxReassignments", value, 0);
            return this;
        }

        /** Sets {@link SolveSettings#taskTimeout()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder taskTimeout(Duration value) {
            taskTimeout = positive("taskTimeout", value);
            return this;
        }

        /** Sets {@link SolveSettings#strict()}. */
        public Builder strict(boolean value) {
            strict = value;
            return this;
        }

        /** Sets {@link SolveSettings#solveTimeout()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder solveTimeout(Duration value) {
            solveTimeout = positive("solveTimeout", value);
            return this;
        }

        /** Sets {@link SolveSettings#maxQueryLength()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder maxQueryLength(int value) {
            maxQueryLength = atLeast("maxQueryLength", value, 1);
            return this;
        }

        /** 0 = no limit. */
        public Builder tokenBudget(long value) {
            if (value < 0) {
                throw new InvalidInputException("tokenBudget must be >= 0 (0 = no limit), was " + value);
            }
            tokenBudget = value;
            return this;
        }

        /** 0 = no limit. */
        public Builder llmCallBudget(int value) {
            llmCallBudget = atLeast("llmCallBudget", value, 0);
            return this;
        }

        /** Sets {@link SolveSettings#maxAgentFailures()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder maxAgentFailures(int value) {
            maxAgentFailures = atLeast("maxAgentFailures", value, 1);
            return this;
        }

        /** Sets {@link SolveSettings#propagation()}; a bad value throws {@link InvalidInputException} naming it. */
        public Builder propagation(PropagationSettings value) {
            propagation = Objects.requireNonNull(value, "propagation");
            return this;
        }

        /** @throws InvalidInputException if taskTimeout exceeds solveTimeout */
        public SolveSettings build() {
            return new SolveSettings(this);
        }

        private static int atLeast(String field, int value, int min) {
            if (value < min) {
                throw new InvalidInputException(field + " must be >= " + min + ", was " + value);
            }
            return value;
        }

        private static double between(String field, double value, double min, double max) {
            if (!(value >= min && value <= max)) {
                throw new InvalidInputException(field + " must be in [" + min + ", " + max + "], was " + value);
            }
            return value;
        }

        /** Positive; a duration longer than {@link #MAX_TIMEOUT} is taken as that (no practical limit). */
        private static Duration positive(String field, Duration value) {
            Objects.requireNonNull(value, field);
            if (value.isNegative() || value.isZero()) {
                throw new InvalidInputException(field + " must be positive, was " + value);
            }
            return value.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : value;
        }
    }
}
