package io.d3mas;

import java.util.EnumSet;
import java.util.Set;

/** The configurations of the paper's ablation study (Table 2), as sets of {@link Layer}s. */
public enum Ablation {
    FULL(EnumSet.allOf(Layer.class)),
    NO_TASK_LAYER(EnumSet.of(Layer.REASONING, Layer.MEMORY, Layer.MESSAGE_PASSING)),
    NO_REASONING_LAYER(EnumSet.of(Layer.TASK, Layer.MEMORY, Layer.MESSAGE_PASSING)),
    NO_MEMORY_LAYER(EnumSet.of(Layer.TASK, Layer.REASONING, Layer.MESSAGE_PASSING)),
    NO_MESSAGE_PASSING(EnumSet.of(Layer.TASK, Layer.REASONING, Layer.MEMORY)),
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
