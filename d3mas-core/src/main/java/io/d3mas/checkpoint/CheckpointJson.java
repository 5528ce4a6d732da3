package io.d3mas.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.d3mas.InvalidInputException;
import java.util.regex.Pattern;

/** The JSON form of a {@link Checkpoint}, shared by the stores; and the rule for solve ids they accept. */
final class CheckpointJson {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SOLVE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private CheckpointJson() {}

    static String write(Checkpoint c) {
        ObjectNode o = JSON.valueToTree(c);
        o.put("schemaVersion", Checkpoint.SCHEMA_VERSION);
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the checkpoint of solve " + c.solveId(), e);
        }
    }

    static Checkpoint read(String json, String where) {
        try {
            JsonNode o = JSON.readTree(json);
            int version = o.path("schemaVersion").asInt(-1);
            if (version != Checkpoint.SCHEMA_VERSION) {
                throw new IllegalStateException("the checkpoint in " + where + " has schema version " + version
                        + "; this version of D3MAS reads " + Checkpoint.SCHEMA_VERSION);
            }
            ((ObjectNode) o).remove("schemaVersion");
            return JSON.treeToValue(o, Checkpoint.class);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("the checkpoint in " + where + " is not readable: " + e.getMessage(), e);
        }
    }

    /** @throws InvalidInputException when the id could not be a file name or key */
    static String checkId(String solveId) {
        if (solveId == null || !SOLVE_ID.matcher(solveId).matches()) {
            throw new InvalidInputException("'" + solveId + "' is not a solve id (letters, digits, '.', '_', '-';"
                    + " at most 200): use SolveResult.solveId() or the solveId of a SolveEvent");
        }
        return solveId;
    }
}
