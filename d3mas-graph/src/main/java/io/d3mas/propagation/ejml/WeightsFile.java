package io.d3mas.propagation.ejml;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.d3mas.graph.EdgeType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON file of trained weights: {@code {"projection": [[...], ...], "weights": {"DEPEND": [[...], ...]}}}.
 * Both keys are optional; an edge type not listed keeps W = I.
 */
record WeightsFile(float @Nullable [][] projection, @Nullable Map<String, float[][]> weights) {

    static WeightsFile read(Path file) {
        try {
            return new ObjectMapper().readValue(file.toFile(), WeightsFile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "could not read weights file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    void applyTo(EjmlMessagePassing.Builder b) {
        if (projection != null) {
            b.projection(projection);
        }
        if (weights != null) {
            for (Map.Entry<String, float[][]> w : weights.entrySet()) {
                EdgeType type;
                try {
                    type = EdgeType.valueOf(w.getKey());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "weights file names edge type '" + w.getKey() + "'; use one of "
                                    + Arrays.toString(EdgeType.values()),
                            e);
                }
                b.weight(type, w.getValue());
            }
        }
    }
}
