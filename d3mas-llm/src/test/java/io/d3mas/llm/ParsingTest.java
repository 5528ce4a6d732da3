package io.d3mas.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.agent.ReasoningResult;
import io.d3mas.task.SubTask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading models' answers: tolerant where models are sloppy, strict where following them would be wrong. */
class ParsingTest {

    @Test
    void readsJsonInsideACodeFenceWithProseAround() throws Exception {
        var o = LenientJson.object("Here you go:\n```json\n{\"answer\": \"Paris\"}\n```\nHope it helps!");
        assertEquals("Paris", o.get("answer").asText());
    }

    @Test
    void readsSingleQuotesTrailingCommasCommentsAndTrailingText() throws Exception {
        var o = LenientJson.object("{'answer': 'Paris', /* why */ 'used': ['C1',],} and that is all {not json");
        assertEquals("Paris", o.get("answer").asText());
        assertEquals(1, o.get("used").size());
    }

    @Test
    void saysWhenTheObjectIsCutOffOrMissing() {
        var cut = assertThrows(LenientJson.Problem.class, () -> LenientJson.object("{\"answer\": \"Par"));
        assertTrue(cut.getMessage().contains("not closed"), cut.getMessage());
        var none = assertThrows(LenientJson.Problem.class, () -> LenientJson.object("Paris."));
        assertTrue(none.getMessage().contains("no JSON object"), none.getMessage());
    }

    @Test
    void aBraceInsideAStringDoesNotEndTheObject() throws Exception {
        var o = LenientJson.object("{\"answer\": \"a } b\", \"x\": 1}");
        assertEquals("a } b", o.get("answer").asText());
    }

    @Test
    void decompositionDropsBlankAndDuplicateSubTasksAndRenumbersReferences() throws Exception {
        List<SubTask> subs = LlmDecomposer.read(LenientJson.object("{\"atomic\": false, \"subtasks\": ["
                + "{\"task\": \"What is the capital of France?\", \"dependsOn\": []},"
                + "{\"task\": \"  \", \"dependsOn\": []},"
                + "{\"task\": \"what is the  capital of France?\", \"dependsOn\": []},"
                + "{\"task\": \"Which river flows through {{2}}?\", \"dependsOn\": [2]}]}"));
        assertEquals(2, subs.size());
        assertEquals("Which river flows through {{0}}?", subs.get(1).text());
        assertEquals(List.of(0), subs.get(1).dependsOn());
    }

    @Test
    void aPlaceholderMissingFromDependsOnIsAdded() throws Exception {
        List<SubTask> subs = LlmDecomposer.read(LenientJson.object(
                "{\"subtasks\": [{\"task\": \"A?\"}, {\"task\": \"B of {{0}}?\", \"dependsOn\": []}]}"));
        assertEquals(List.of(0), subs.get(1).dependsOn());
    }

    @Test
    void unknownAndSelfReferencesAreErrorsForTheRepairRound() {
        var unknown = assertThrows(
                LenientJson.Problem.class,
                () -> LlmDecomposer.read(LenientJson.object(
                        "{\"subtasks\": [{\"task\": \"A?\", \"dependsOn\": [3]}, {\"task\": \"B?\"}]}")));
        assertTrue(unknown.getMessage().contains("refers to sub-task 3"), unknown.getMessage());
        var self = assertThrows(
                LenientJson.Problem.class,
                () -> LlmDecomposer.read(
                        LenientJson.object("{\"subtasks\": [{\"task\": \"A {{0}}?\"}, {\"task\": \"B?\"}]}")));
        assertTrue(self.getMessage().contains("depends on itself"), self.getMessage());
    }

    @Test
    void atomicMeansNoSubTasks() throws Exception {
        assertTrue(LlmDecomposer.read(LenientJson.object("{\"atomic\": true, \"subtasks\": []}"))
                .isEmpty());
        assertTrue(
                LlmDecomposer.read(LenientJson.object("{\"atomic\": \"true\"}")).isEmpty());
        assertThrows(
                LenientJson.Problem.class, () -> LlmDecomposer.read(LenientJson.object("{\"plan\": \"split it\"}")));
    }

    @Test
    void reasoningMapsKnowledgeLabelsToRecordIdsAndDropsUnknownOnes() throws Exception {
        ReasoningResult r = LlmAgent.read(
                LenientJson.object("{\"answer\": \"Paris\", \"conclusion\": \"Paris is the capital.\","
                        + " \"premises\": \"France's capital is Paris\", \"confidence\": \"85%\","
                        + " \"needs\": [], \"usedMemory\": [\"k2\", \"K9\", \"geo/abc\"]}"),
                Map.of("K1", "geo/abc", "K2", "geo/def"));
        assertEquals(List.of("geo/def", "geo/abc"), r.usedMemoryIds());
        assertEquals(0.85, r.confidence(), 1e-9);
        assertEquals(List.of("France's capital is Paris"), r.premises());
    }

    @Test
    void anUnansweredStepMustSayWhatItNeeds() throws Exception {
        ReasoningResult r = LlmAgent.read(
                LenientJson.object("{\"answer\": \"\", \"conclusion\": \"\", \"confidence\": 0.7, "
                        + "\"needs\": [\"the population of Paris\"]}"),
                Map.of());
        assertEquals(0, r.confidence());
        assertEquals(List.of("the population of Paris"), r.needs());
        assertThrows(
                LenientJson.Problem.class, () -> LlmAgent.read(LenientJson.object("{\"answer\": \"\"}"), Map.of()));
    }

    @Test
    void aConfidenceOutsideZeroToOneIsAnError() {
        var e = assertThrows(
                LenientJson.Problem.class,
                () -> LlmAgent.read(LenientJson.object("{\"answer\": \"x\", \"confidence\": 250}"), Map.of()));
        assertTrue(e.getMessage().contains("confidence"), e.getMessage());
    }
}
