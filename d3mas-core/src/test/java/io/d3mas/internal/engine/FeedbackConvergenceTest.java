package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedbackConvergenceTest {

    @Test
    void theLargestMoveIsTheLargestL2DistanceOverTheSameNodes() {
        Map<String, float[]> before = Map.of("a", new float[] {1, 0}, "b", new float[] {0, 1});
        Map<String, float[]> after = Map.of("a", new float[] {0.6f, 0.8f}, "b", new float[] {0, 1});
        assertEquals(Math.sqrt(0.16 + 0.64), FeedbackRounds.largestMove(before, after), 1e-6);
        assertEquals(0, FeedbackRounds.largestMove(after, after));
    }

    @Test
    void newNodesDoNotCountAsMovedOnlyTheNodesPresentInBothRoundsAreCompared() {
        Map<String, float[]> before = Map.of("a", new float[] {1, 0});
        Map<String, float[]> after = Map.of("a", new float[] {0.8f, 0.6f}, "r2", new float[] {0, 1});
        assertEquals(Math.sqrt(0.04 + 0.36), FeedbackRounds.largestMove(before, after), 1e-6);
        assertEquals(0, FeedbackRounds.largestMove(Map.of(), after));
    }
}
