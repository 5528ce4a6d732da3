package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.agent.ReasoningResult;
import io.d3mas.approval.Approval;
import io.d3mas.approval.Approver;
import io.d3mas.approval.Review;
import io.d3mas.checkpoint.FileCheckpointStore;
import io.d3mas.metrics.TokenCount;
import io.d3mas.task.SubTask;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Human approval: plans and answers are approved, edited, rejected, or wait for a person across JVMs. */
class ApprovalTest {

    private static final String QUERY = "Which river flows through the capital of France?";

    private final AtomicInteger decompositions = new AtomicInteger();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    private static ReasoningResult answer(String text) {
        return new ReasoningResult(text, text, List.of(), 0.9, List.of(), List.of(), TokenCount.ZERO, 0);
    }

    private D3Mas.Builder team() {
        return D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .decomposer(TwoHop.decomposer(decompositions))
                .agent("geo", "capital cities of countries", r -> {
                    asked.add("geo: " + r.task());
                    return answer(r.task().contains("capital") ? "Lyon" : "the Rhone");
                })
                .agent("atlas", "capital cities and rivers of countries", r -> {
                    asked.add("atlas: " + r.task());
                    return answer(r.task().contains("capital") ? "Paris" : "the Seine");
                })
                .withoutMessagePassing();
    }

    @Test
    void anEditedPlanIsWhatTheAgentsAreAsked() {
        Approver edit = r -> r instanceof Review.Plan p && p.depth() == 0
                ? Approval.editPlan(List.of(
                        SubTask.of("Which city is the seat of the French government?"),
                        SubTask.dependingOn("Which river crosses {{0}}?", 0)))
                : Approval.approve();
        try (D3Mas d3mas = team().approver(edit).build()) {
            d3mas.solve(QUERY);
        }
        assertTrue(
                asked.stream().anyMatch(a -> a.endsWith("Which city is the seat of the French government?")),
                asked.toString());
        assertTrue(asked.stream().noneMatch(a -> a.endsWith("What city is the capital of France?")), asked.toString());
    }

    @Test
    void aRejectedPlanLeavesTheTaskWholeAndSaysWhy() {
        try (D3Mas d3mas = team().approver(r -> Approval.reject("too broad")).build()) {
            SolveResult r = d3mas.solve(QUERY);
            assertTrue(
                    r.warnings().stream()
                            .anyMatch(w -> w.message().contains("rejected the decomposition")
                                    && w.message().contains("too broad")),
                    r.warnings().toString());
            assertTrue(asked.stream().allMatch(a -> a.endsWith(QUERY)), asked.toString());
        }
    }

    @Test
    void aRejectedAnswerGoesToTheNextAgentAndAnEditedOneIsUsed() {
        Approver reviewer = r -> {
            if (r instanceof Review.Answer a) {
                if (a.agentId().equals("geo")) {
                    return Approval.reject("Lyon is not the capital");
                }
                if (a.result().answer().equals("the Seine")) {
                    return Approval.editAnswer("the Seine (Paris)");
                }
            }
            return Approval.approve();
        };
        try (D3Mas d3mas = team().approver(reviewer, true).build()) {
            SolveResult r = d3mas.solve(QUERY);
            assertEquals("the Seine (Paris)", r.answer(), asked + " " + r.warnings());
            assertTrue(
                    asked.stream()
                            .anyMatch(a -> a.startsWith("atlas: ") && a.endsWith("Which river flows through Paris?")),
                    "the rejected Lyon was filled in: " + asked);
        }
    }

    @Test
    void aSuspendedSolveWaitsForAPersonAndResumesInAnotherTeamWithoutAskingAgain(@TempDir Path dir) {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        String solveId;
        try (D3Mas d3mas = team().checkpoints(store)
                .approver(r -> Approval.suspend("needs a reviewer"))
                .build()) {
            SolveSuspendedException e = assertThrows(SolveSuspendedException.class, () -> d3mas.solve(QUERY));
            solveId = e.solveId();
            assertTrue(e.getMessage().contains("D3Mas.resume(\"" + solveId + "\")"), e.getMessage());
        }
        assertEquals(1, decompositions.get());
        assertTrue(asked.isEmpty(), "agents ran before the plan was approved: " + asked);
        assertFalse(store.load(solveId).orElseThrow().finished());

        // later, perhaps in another JVM: the person approved; the decomposition is not asked again
        List<Review> reviews = new CopyOnWriteArrayList<>();
        try (D3Mas d3mas = team().checkpoints(store)
                .approver(r -> {
                    reviews.add(r);
                    return Approval.approve();
                })
                .build()) {
            SolveResult r = d3mas.resume(solveId);
            assertEquals(solveId, r.solveId());
            assertTrue(r.answer().contains("Seine") || r.answer().contains("Rhone"), r.answer());
        }
        assertEquals(1, decompositions.get(), "the decomposition was asked again on resume");
        assertTrue(reviews.get(0) instanceof Review.Plan p && p.depth() == 0, reviews.toString());

        // a third resume asks nobody: the approval is in the checkpoint
        try (D3Mas d3mas = team().checkpoints(store)
                .approver(r -> {
                    throw new AssertionError("asked again: " + r);
                })
                .build()) {
            d3mas.resume(solveId);
        }
    }

    @Test
    void suspendingWithoutACheckpointStoreIsARejectionThatSaysWhatToAdd() {
        try (D3Mas d3mas = team().approver(r -> Approval.suspend("wait")).build()) {
            SolveResult r = d3mas.solve(QUERY);
            assertTrue(
                    r.warnings().stream().anyMatch(w -> w.message().contains(".checkpoints(store)")),
                    r.warnings().toString());
        }
    }

    @Test
    void anApproverThatFailsRejectsWithAWarning() {
        try (D3Mas d3mas = team().approver(r -> {
                    throw new IllegalStateException("review service down");
                })
                .build()) {
            SolveResult r = d3mas.solve(QUERY);
            assertTrue(
                    r.warnings().stream().anyMatch(w -> w.message().contains("review service down")),
                    r.warnings().toString());
        }
    }
}
