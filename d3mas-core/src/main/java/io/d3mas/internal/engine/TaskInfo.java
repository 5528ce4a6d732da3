package io.d3mas.internal.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The engine's state for one TASK node. Structure (parents, children, dependencies) is written only while
 * the tree is built, by one thread; the text and embedding change when placeholders are filled in.
 */
final class TaskInfo {
    final String id;
    final String template;
    final int depth;
    final boolean atomicByRequest;
    final List<String> parents = new ArrayList<>();
    final List<String> children = new ArrayList<>();
    /** Sibling task ids this task needs first. */
    final List<String> dependsOn = new ArrayList<>();
    /** Placeholder index in the template to the task id whose answer fills it. */
    final Map<Integer, String> placeholders = new LinkedHashMap<>();

    volatile String text;
    /** Null only for the root until its first decomposition is embedded. */
    volatile float @Nullable [] embedding;
    /**
     * The embedding of {@link #template}, before any answer was filled in: what the task does, as opposed to what
     * it is about. Null only for the root until it is embedded.
     */
    volatile float @Nullable [] templateEmbedding;
    /** Whether feedback has asked the decomposer to split this task again (once per task). */
    volatile boolean refineAsked;

    TaskInfo(String id, String template, float @Nullable [] embedding, int depth, boolean atomicByRequest) {
        this.id = id;
        this.template = template;
        this.text = template;
        this.embedding = embedding;
        this.templateEmbedding = embedding;
        this.depth = depth;
        this.atomicByRequest = atomicByRequest;
    }

    boolean isLeaf() {
        return children.isEmpty();
    }

    @Nullable
    String firstParent() {
        return parents.isEmpty() ? null : parents.get(0);
    }
}
