package io.d3mas.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d3mas.checkpoint.Checkpoint;
import io.d3mas.checkpoint.CheckpointStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A solve's finished component calls (decompositions, agent tasks, the synthesis), saved to a
 * {@link CheckpointStore} after each one, and replayed when the solve is resumed: a call whose key is in the
 * checkpoint returns the recorded result instead of running again. A key names what was asked (component,
 * agent, round, task) and how many times the same was asked before in this solve, so it does not depend on
 * the order concurrent tasks finish in. A store that fails is reported once and the solve goes on without
 * checkpoints.
 */
final class Journal {

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final @Nullable CheckpointStore store;
    private final String solveId;
    private final String query;
    private final Map<String, String> recorded = new HashMap<>();
    private final List<Checkpoint.Step> steps = new ArrayList<>();
    private final Map<String, Integer> asked = new HashMap<>();
    private final Consumer<String> warn;
    private boolean broken;

    /**
     * @param store where to save; null for no checkpoints
     * @param from the checkpoint being resumed, or null for a new solve
     */
    Journal(
            @Nullable CheckpointStore store,
            String solveId,
            String query,
            @Nullable Checkpoint from,
            Consumer<String> warn) {
        this.store = store;
        this.solveId = solveId;
        this.query = query;
        this.warn = warn;
        if (from != null) {
            for (Checkpoint.Step s : from.steps()) {
                recorded.put(s.key(), s.result());
                steps.add(s);
            }
        } else if (store != null) {
            save(false, ""); // a solve that dies before its first step can still be resumed
        }
    }

    boolean active() {
        return store != null;
    }

    /** The key of the next call that asks this: its parts, and how often the same was asked before. */
    synchronized String key(String... parts) {
        String base = String.join("\u001f", parts);
        int n = asked.merge(base, 1, Integer::sum);
        return base + "\u001f#" + n;
    }

    /** The result recorded under {@code key} in the checkpoint being resumed, or null. */
    synchronized <T> @Nullable T replay(String key, Class<T> type) {
        String json = recorded.get(key);
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            warn.accept("checkpoint step '" + key.replace('\u001f', '/') + "' of solve " + solveId
                    + " could not be read (" + e.getOriginalMessage() + "); it runs again");
            return null;
        }
    }

    /** Records a finished call and saves the checkpoint. */
    synchronized void record(String key, Object result) {
        if (store == null || recorded.containsKey(key)) {
            return;
        }
        try {
            String json = JSON.writeValueAsString(result);
            recorded.put(key, json);
            steps.add(new Checkpoint.Step(key, json));
        } catch (JsonProcessingException e) {
            fail(e);
            return;
        }
        save(false, "");
    }

    /** Saves the checkpoint of the finished solve. */
    synchronized void finish(String answer) {
        if (store != null) {
            save(true, answer);
        }
    }

    private void save(boolean finished, String answer) {
        if (broken) {
            return;
        }
        try {
            store.save(new Checkpoint(solveId, query, steps, finished, answer));
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Exception e) {
        if (!broken) {
            broken = true;
            warn.accept("checkpoint store " + store + " failed for solve " + solveId + " (" + e
                    + "); the solve goes on without checkpoints and cannot be resumed");
        }
    }
}
