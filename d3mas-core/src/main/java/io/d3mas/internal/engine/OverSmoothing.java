package io.d3mas.internal.engine;

import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.metrics.Vectors;
import io.d3mas.trace.PropagationRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How alike a propagation made each node type's embeddings (over-smoothing), for the trace and the guard. */
final class OverSmoothing {

    private OverSmoothing() {}

    /**
     * Per node type with two or more embedded nodes: the mean pairwise cosine before and after, and whether the
     * propagation lifted it above {@code limit} from at most that (never when {@code limit} is 1: the guard is off).
     */
    static List<PropagationRecord.Smoothing> measure(GraphSnapshot snapshot, Map<String, float[]> after, double limit) {
        List<PropagationRecord.Smoothing> out = new ArrayList<>();
        for (NodeType type : NodeType.values()) {
            List<float[]> b = new ArrayList<>();
            List<float[]> a = new ArrayList<>();
            for (Node n : snapshot.nodes(type)) {
                float[] h = after.get(n.id());
                if (n.embedding() != null && h != null) {
                    b.add(n.embedding());
                    a.add(h);
                }
            }
            double before = Vectors.meanPairwiseCosine(b);
            double now = Vectors.meanPairwiseCosine(a);
            if (!Double.isNaN(before) && !Double.isNaN(now)) { // two or more non-zero vectors
                out.add(new PropagationRecord.Smoothing(
                        type, b.size(), before, now, limit < 1 && now > limit && before <= limit));
            }
        }
        return out;
    }
}
