package io.d3mas.propagation.ejml;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.d3mas.InvalidInputException;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.NodeType;
import io.d3mas.propagation.PropagationSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON file of trained weights and tuned settings: {@code {"projection": [[...], ...], "weights": {"DEPEND":
 * [[...], ...]}, "settings": {"iterations": 5, "alpha": {"GROUND": 1}, "beta": {"TASK": 0}}}}. Every key is
 * optional; an edge type not listed keeps W = I, and a setting not listed keeps its default.
 */
record WeightsFile(
        float @Nullable [][] projection, @Nullable Map<String, float[][]> weights, @Nullable Settings settings) {

    /** Tuned {@link PropagationSettings}; what is missing keeps {@link PropagationSettings#defaults()}. */
    record Settings(
            @Nullable Integer iterations,
            @Nullable Double epsilon,
            @Nullable Map<String, Double> alpha,
            @Nullable Map<String, Double> beta,
            @Nullable Double maxMeanCosine) {

        PropagationSettings toSettings(Path file) {
            PropagationSettings d = PropagationSettings.defaults();
            Map<EdgeType, Double> a = new EnumMap<>(d.alpha());
            if (alpha != null) {
                alpha.forEach((name, v) -> a.put(edgeType(name), v));
            }
            Map<NodeType, Double> b = new EnumMap<>(d.beta());
            if (beta != null) {
                for (Map.Entry<String, Double> e : beta.entrySet()) {
                    try {
                        b.put(NodeType.valueOf(e.getKey()), e.getValue());
                    } catch (IllegalArgumentException x) {
                        throw new InvalidInputException(
                                "weights file " + file + " names node type '" + e.getKey() + "'; use one of "
                                        + Arrays.toString(NodeType.values()),
                                x);
                    }
                }
            }
            try {
                return new PropagationSettings(
                        iterations == null ? d.iterations() : iterations,
                        epsilon == null ? d.epsilon() : epsilon,
                        a,
                        b,
                        maxMeanCosine == null ? d.maxMeanCosine() : maxMeanCosine);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("weights file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    static WeightsFile read(Path file) {
        try {
            return new ObjectMapper().readValue(file.toFile(), WeightsFile.class);
        } catch (IOException e) {
            throw new InvalidInputException(
                    "could not read weights file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    void applyTo(EjmlMessagePassing.Builder b) {
        if (projection != null) {
            b.projection(projection);
        }
        if (weights != null) {
            for (Map.Entry<String, float[][]> w : weights.entrySet()) {
                EdgeType type = edgeType(w.getKey());
                b.weight(type, w.getValue());
            }
        }
    }

    static EdgeType edgeType(String name) {
        try {
            return EdgeType.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "weights file names edge type '" + name + "'; use one of " + Arrays.toString(EdgeType.values()), e);
        }
    }
}
