package io.d3mas.graph;

import io.d3mas.InvalidInputException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A node of the D³MAS graph: content {@code c_v}, embedding {@code h_v}, the agent that owns or produced
 * it, provenance, and free-form attributes (for reasoning steps: premises, confidence, needs, tokens).
 *
 * <p>The embedding array is owned by the node: the constructor keeps the array it is given and
 * {@link #embedding()} returns it without copying, for speed; callers must not modify either. Equality
 * compares embeddings element by element.
 *
 * @param id unique within a graph
 * @param type the layer
 * @param content the text {@code c_v}
 * @param embedding {@code h_v}, or null for a node that takes no part in similarity or message passing
 * @param agentId the agent that owns (memory) or produced (reasoning) or was assigned (task) the node
 * @param provenance who contributed it, from which source
 * @param attributes string keys to JSON-compatible values (String, Number, Boolean, List of those)
 * @since 0.1.0
 */
public record Node(
        String id,
        NodeType type,
        String content,
        float @Nullable [] embedding,
        @Nullable String agentId,
        Provenance provenance,
        Map<String, Object> attributes) {

    /** Attribute of a REASONING node: the task's text as the agent got it. */
    public static final String TASK = "task";
    /** Attribute of a REASONING node: the short answer. */
    public static final String ANSWER = "answer";
    /** Attribute of a REASONING node: the statements the conclusion rests on. */
    public static final String PREMISES = "premises";
    /** Attribute of a REASONING node: the agent's confidence, in [0, 1]. */
    public static final String CONFIDENCE = "confidence";
    /** Attribute of a REASONING node: what the agent said it still needs. */
    public static final String NEEDS = "needs";
    /** Attribute of a REASONING node: 0 for the first pass, then the feedback round. */
    public static final String ROUND = "round";
    /** Attribute of a REASONING node: input tokens the step spent. */
    public static final String INPUT_TOKENS = "inputTokens";
    /** Attribute of a REASONING node: output tokens the step spent. */
    public static final String OUTPUT_TOKENS = "outputTokens";
    /** Attribute of a REASONING node: LLM calls the step made. */
    public static final String LLM_CALLS = "llmCalls";
    /** Attribute of a REASONING node: false when the task kept an earlier, better answer. */
    public static final String ADOPTED = "adopted";
    /**
     * Attribute of a REASONING node: ids of the memory records the retrieval ledger did not give the step because
     * another agent's conclusion resting on them was handed over instead (absent when none). The knowledge reached
     * the step all the same, so a fair count of who read what counts these as the step's reads.
     */
    public static final String HANDED_OVER = "handedOver";
    /** Attribute of a REASONING node: the tool calls the step asked for (absent when none). */
    public static final String TOOL_CALLS = "toolCalls";
    /** Attribute of a REASONING node: of its tool calls, those answered by an earlier identical call. */
    public static final String TOOL_CALLS_REUSED = "toolCallsReused";
    /** Attribute of a MEMORY node holding a tool result: the tool's name. */
    public static final String TOOL = "tool";
    /** Attribute of a MEMORY node holding a tool result: the call's arguments, as canonical JSON. */
    public static final String TOOL_ARGUMENTS = "arguments";
    /** Attribute of a TASK node: the texts of sub-tasks merged into it. */
    public static final String MERGED_FROM = "mergedFrom";

    /** How a MEMORY node's id is made from its record's id. */
    private static final String MEMORY_PREFIX = "m:";

    /** The id of the MEMORY node of a memory record. */
    public static String memoryNodeId(String recordId) {
        return MEMORY_PREFIX + recordId;
    }

    /** The memory record id of a MEMORY node's id ({@link #memoryNodeId}); another id is returned as it is. */
    public static String recordIdOf(String nodeId) {
        return nodeId.startsWith(MEMORY_PREFIX) ? nodeId.substring(MEMORY_PREFIX.length()) : nodeId;
    }

    public Node {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new InvalidInputException("node id must not be blank");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(provenance, "provenance");
        Map<String, Object> copy = new LinkedHashMap<>();
        Objects.requireNonNull(attributes, "attributes").forEach((k, v) -> copy.put(k, normalized(id, k, v)));
        attributes = Collections.unmodifiableMap(copy);
    }

    /**
     * Integral numbers become Long and others Double, lists become immutable: values then compare equal
     * after a JSON round trip, which reads small integers back as Integer.
     */
    private static Object normalized(String id, String key, @Nullable Object v) {
        if (v == null) {
            throw new NullPointerException("attribute '" + key + "' of node " + id + " is null");
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(e -> normalized(id, key, e)).toList();
        }
        return v;
    }

    /** A node without attributes. */
    public static Node of(
            String id,
            NodeType type,
            String content,
            float @Nullable [] embedding,
            @Nullable String agentId,
            Provenance provenance) {
        return new Node(id, type, content, embedding, agentId, provenance, Map.of());
    }

    /** The agent, when there is one. */
    public Optional<String> agent() {
        return Optional.ofNullable(agentId);
    }

    /** This node with another embedding. */
    public Node withEmbedding(float @Nullable [] newEmbedding) {
        return new Node(id, type, content, newEmbedding, agentId, provenance, attributes);
    }

    /** This node with one attribute set or replaced. */
    public Node withAttribute(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(attributes);
        copy.put(key, value);
        return new Node(id, type, content, embedding, agentId, provenance, copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Node n
                && id.equals(n.id)
                && type == n.type
                && content.equals(n.content)
                && Arrays.equals(embedding, n.embedding)
                && Objects.equals(agentId, n.agentId)
                && provenance.equals(n.provenance)
                && attributes.equals(n.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, content, Arrays.hashCode(embedding), agentId, provenance, attributes);
    }

    @Override
    public String toString() {
        return type + "[" + id + (agentId == null ? "" : ", agent=" + agentId) + "]: " + content;
    }
}
