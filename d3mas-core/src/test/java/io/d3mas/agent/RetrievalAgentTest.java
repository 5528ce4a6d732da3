package io.d3mas.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalAgentTest extends AgentContractTest {

    @Override
    protected Agent agent() {
        return new RetrievalAgent();
    }

    @Test
    void should_answer_from_the_best_matching_memory() {
        ReasoningResult r = new RetrievalAgent()
                .reason(request(
                        "What is the capital of France?",
                        "Berlin is the capital of Germany.",
                        "Paris is the capital of France."));
        assertEquals("Paris", r.answer());
        assertEquals("Paris is the capital of France.", r.conclusion());
        assertEquals(List.of("m1"), r.usedMemoryIds());
        assertTrue(r.confidence() > 0.5);
    }

    @Test
    void should_not_list_its_own_conclusion_as_a_premise() {
        ReasoningResult fromMemory = new RetrievalAgent()
                .reason(request("What is the capital of France?", "Paris is the capital of France."));
        assertEquals("Paris is the capital of France.", fromMemory.conclusion());
        assertFalse(
                fromMemory.premises().contains(fromMemory.conclusion()),
                fromMemory.premises().toString());
        assertEquals(List.of("m0"), fromMemory.usedMemoryIds(), "memory is what it rests on: a GROUND edge");

        Premise given =
                new Premise("r7", "Which river flows through Paris?", "geo", "Seine", "The Seine flows through Paris.");
        ReasoningResult fromPremise = new RetrievalAgent()
                .reason(new ReasoningRequest(
                        "q",
                        "t2",
                        "Which river flows through Paris?",
                        AgentProfile.of("geo", "Geography"),
                        List.of(),
                        List.of(given),
                        0));
        assertEquals(given.conclusion(), fromPremise.conclusion());
        assertEquals(List.of(given.conclusion()), fromPremise.premises(), "another step's conclusion it built on");
    }

    @Test
    void should_say_what_it_needs_when_memory_does_not_answer() {
        ReasoningResult r = new RetrievalAgent().reason(request("Who painted the Mona Lisa?"));
        assertFalse(r.answered());
        assertEquals(List.of("Who painted the Mona Lisa?"), r.needs());
        assertEquals(0, r.confidence());
    }

    @Test
    void should_compare_the_numbers_of_two_premises() {
        List<Premise> premises = List.of(
                new Premise(
                        "r1",
                        "How long is the Nile?",
                        "geo",
                        "6,650 kilometres",
                        "The Nile is about 6,650 kilometres long."),
                new Premise(
                        "r2",
                        "How long is the Amazon?",
                        "geo",
                        "6,400 kilometres",
                        "The Amazon is about 6,400 kilometres long."));
        ReasoningRequest shorter = new ReasoningRequest(
                "q",
                "t3",
                "Which is shorter, the Nile or the Amazon?",
                AgentProfile.of("geo", "Geography"),
                List.of(),
                premises,
                0);
        assertEquals("Amazon", new RetrievalAgent().reason(shorter).answer());
        ReasoningRequest yesNo = new ReasoningRequest(
                "q",
                "t3",
                "Is the Nile longer than the Amazon?",
                AgentProfile.of("geo", "Geography"),
                List.of(),
                premises,
                0);
        ReasoningResult r = new RetrievalAgent().reason(yesNo);
        assertEquals("yes", r.answer());
        assertEquals(2, r.premises().size());
    }

    @Test
    void should_treat_earlier_birth_years_as_older() {
        List<Premise> premises = List.of(
                new Premise("r1", "When was Ada born?", "h", "1815", "Ada was born in 1815."),
                new Premise("r2", "When was Alan born?", "h", "1912", "Alan was born in 1912."));
        ReasoningRequest r = new ReasoningRequest(
                "q", "t3", "Who is older, Ada or Alan?", AgentProfile.of("h", "History"), List.of(), premises, 0);
        assertEquals("Ada", new RetrievalAgent().reason(r).answer());
    }
}
