package io.d3mas;

import java.util.EnumSet;
import java.util.Set;

/**
 * The configurations of the paper's ablation study (Table 2), as sets of {@link Layer}s, plus {@link #NO_FEEDBACK}.
 * Each removes one thing: {@link #NO_MESSAGE_PASSING} keeps the feedback rounds, so the two can be measured apart.
 *
 * @since 0.1.0
 */
public enum Ablation {
    FULL(EnumSet.allOf(Layer.class)),
    NO_TASK_LAYER(EnumSet.complementOf(EnumSet.of(Layer.TASK))),
    NO_REASONING_LAYER(EnumSet.complementOf(EnumSet.of(Layer.REASONING))),
    NO_MEMORY_LAYER(EnumSet.complementOf(EnumSet.of(Layer.MEMORY))),
    NO_MESSAGE_PASSING(EnumSet.complementOf(EnumSet.of(Layer.MESSAGE_PASSING))),
    /**
     * The same decomposition, assignment, reasoning and feedback, but no retrieval ledger: every task retrieves its
     * top-k on its own. The fair baseline for what the ledger saves.
     */
    NO_HAND_OVER(EnumSet.complementOf(EnumSet.of(Layer.HAND_OVER))),
    /** No feedback rounds: the first pass's conclusions are final. */
    NO_FEEDBACK(EnumSet.complementOf(EnumSet.of(Layer.FEEDBACK))),
    /** No layer at all: every agent answers the whole query from its own memory, alone. */
    FLAT(EnumSet.noneOf(Layer.class));

    private final Set<Layer> layers;

    Ablation(EnumSet<Layer> layers) {
        this.layers = Set.copyOf(layers);
    }

    /** The layers that run in this configuration. */
    public Set<Layer> layers() {
        return layers;
    }
}
