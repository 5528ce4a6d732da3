package io.d3mas;

/**
 * An approver suspended the solve until a person decides (see {@link io.d3mas.approval.Approver}). Its checkpoint
 * holds everything finished so far; {@link D3Mas#resume(String) resume(solveId())} asks the approver again and
 * goes on from there, in this JVM or another.
 *
 * @since 0.1.0
 */
public class SolveSuspendedException extends D3MasException {
    private static final long serialVersionUID = 1L;

    private final String solveId;

    public SolveSuspendedException(String solveId, String message) {
        super(message);
        this.solveId = solveId;
    }

    /** The id to resume the solve with. */
    public String solveId() {
        return solveId;
    }
}
