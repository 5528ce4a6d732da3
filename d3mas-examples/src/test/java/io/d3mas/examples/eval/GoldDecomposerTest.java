package io.d3mas.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.Ablation;
import io.d3mas.SolveResult;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.examples.DemoTeam;
import io.d3mas.examples.data.EvalDataset;
import io.d3mas.examples.data.EvalItem;
import io.d3mas.examples.data.Hop;
import io.d3mas.task.Decomposition;
import io.d3mas.task.DecompositionRequest;
import io.d3mas.task.SubTask;
import io.d3mas.trace.ReuseDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Replaying MuSiQue's gold decompositions: the hops become the engine's DEPEND chain. */
class GoldDecomposerTest {

    private static final String QUESTION = "Who founded the company that makes the Widget?";
    private static final List<Hop> HOPS = List.of(
            new Hop("Which company makes the Widget?", "Acme Gadgets", 0), new Hop("#1 >> founded by", "Jane Roe", 1));

    @Test
    void should_turn_hop_references_into_placeholders_and_relations_into_questions() {
        assertEquals(
                new SubTask("Who was in charge of {{1}}?", List.of(1), true),
                GoldDecomposer.subTask("Who was in charge of #2 ?", 2));
        assertEquals(
                new SubTask("What is the country of citizenship of {{0}}?", List.of(0), true),
                GoldDecomposer.subTask("#1 >> country of citizenship", 1));
        assertEquals(
                new SubTask("What was {{0}}'s currency before the euro?", List.of(0), true),
                GoldDecomposer.subTask("what was #1 's currency before the euro", 1));
        assertEquals(
                new SubTask("What is the country of Midway (near Pleasant Plains), {{1}}, {{0}}?", List.of(0, 1), true),
                GoldDecomposer.subTask("Midway (near Pleasant Plains), #2 , #1 >> country", 2));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> GoldDecomposer.subTask("What year did #2 start?", 1));
        assertTrue(e.getMessage().contains("#2"), e.getMessage());
    }

    @Test
    void should_split_only_the_question_itself_and_never_on_feedback() {
        GoldDecomposer d = new GoldDecomposer(QUESTION, HOPS);
        Decomposition split = d.decompose(new DecompositionRequest(QUESTION, QUESTION, 0, List.of()));
        assertEquals(
                List.of("Which company makes the Widget?", "What is the founded by of {{0}}?"),
                split.subTasks().stream().map(SubTask::text).toList());
        assertTrue(
                d.decompose(new DecompositionRequest(QUESTION, "Which company makes the Widget?", 1, List.of(QUESTION)))
                        .atomic());
        assertTrue(d.decompose(new DecompositionRequest(
                        QUESTION, QUESTION, 0, List.of(), List.of("no answer"), io.d3mas.Budget.unlimited()))
                .atomic());
        assertThrows(IllegalArgumentException.class, () -> new GoldDecomposer(QUESTION, List.of()));
    }

    /**
     * On the shared MuSiQue items, offline with real BGE: every gold decomposition replays hop by hop, also without
     * hand-over, and no reuse takes the conclusion of a hop whose gold answer differs (issue 16's target).
     */
    @Test
    void should_replay_every_shared_musique_decomposition_without_a_wrong_reuse() {
        Path file = EvalDataset.MUSIQUE.defaultPath(EvalDatasetTest.SHARED);
        Assumptions.assumeTrue(
                Files.exists(file), "skipped: " + file + " is absent (the shared data sits beside the repository)");
        List<EvalItem> items = EvalDataset.MUSIQUE.load(file);
        int reuses = 0;
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel()) {
            for (int i = 0; i < items.size(); i++) {
                EvalItem item = items.get(i);
                try (Workbench bench = new Workbench(item, i, 1, 5, model)) {
                    SolveResult r = bench.offlineGoldTeam().solve(item.question());
                    Map<String, Integer> hops = HopTally.hopsByTask(r.graph(), item.decomposition());
                    assertEquals(item.decomposition().size(), hops.size(), item.id() + ": every hop is a task");
                    for (ReuseDecision d : r.trace().reuses()) {
                        if (d.reused()) {
                            reuses++;
                            String a = item.decomposition()
                                    .get(hops.get(d.taskId()))
                                    .answer();
                            String b = item.decomposition()
                                    .get(hops.get(d.candidateTaskId()))
                                    .answer();
                            assertEquals(Scoring.normalize(b), Scoring.normalize(a), item.id() + ": wrong reuse " + d);
                        }
                    }
                    if (i < 10) {
                        SolveResult alone = bench.offlineGoldTeam()
                                .solve(
                                        item.question(),
                                        bench.offlineGoldTeam().settings().toBuilder()
                                                .ablation(Ablation.NO_HAND_OVER)
                                                .build());
                        assertEquals(
                                hops.size(),
                                HopTally.hopsByTask(alone.graph(), item.decomposition())
                                        .size());
                    }
                }
            }
        }
        System.out.println("MuSiQue gold replay: " + items.size() + " items, " + reuses + " reuses, none wrong");
    }
}
