package io.d3mas.trace;

import io.d3mas.propagation.PropagationSettings;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What message passing did in a solve.
 *
 * @param ran whether it ran at all
 * @param implementation the implementation's name, or why it did not run ("off: …")
 * @param settings the parameters used; null when it did not run
 * @param rounds the largest change per iteration, one list per round
 * @param converged whether the last round converged below ε
 */
public record PropagationRecord(
        boolean ran,
        String implementation,
        @Nullable PropagationSettings settings,
        List<List<Double>> rounds,
        boolean converged) {

    public PropagationRecord {
        Objects.requireNonNull(implementation, "implementation");
        rounds = rounds.stream().map(List::copyOf).toList();
    }

    /** Message passing did not run, for this reason. */
    public static PropagationRecord off(String reason) {
        return new PropagationRecord(false, "off: " + reason, null, List.of(), false);
    }
}
