package io.d3mas.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArithmeticAgentTest extends AgentContractTest {

    @Override
    protected Agent agent() {
        return new ArithmeticAgent();
    }

    @Test
    void should_compute_one_operation_keeping_the_scale_and_unit() {
        assertEquals(Optional.of("22 million"), ArithmeticAgent.compute("What is 11 million times two?"));
        assertEquals(Optional.of("3325 kilometres"), ArithmeticAgent.compute("What is 6,650 kilometres divided by 2?"));
        assertEquals(Optional.of("70 million"), ArithmeticAgent.compute("What is 37 million plus 33 million?"));
        assertEquals(Optional.of("-1.5"), ArithmeticAgent.compute("what's 1.5 minus three"));
        assertEquals(Optional.empty(), ArithmeticAgent.compute("What is 4 divided by 0?"));
        assertEquals(Optional.empty(), ArithmeticAgent.compute("What is the population of Paris times two?"));
    }

    @Test
    void should_answer_with_the_looked_up_value_as_its_premise() {
        Premise population = new Premise(
                "r3", "What is the population of Paris?", "geo", "11 million", "Paris has about 11 million people.");
        ReasoningResult r = new ArithmeticAgent()
                .reason(new ReasoningRequest(
                        "q",
                        "t4",
                        "What is 11 million times two?",
                        AgentProfile.of("calc", "Arithmetic"),
                        List.of(),
                        List.of(population),
                        0));
        assertEquals("22 million", r.answer());
        assertEquals("11 million times two is 22 million.", r.conclusion());
        assertEquals(List.of(population.conclusion()), r.premises());
        assertEquals(1.0, r.confidence());
    }

    @Test
    void should_say_what_it_needs_for_a_lookup() {
        ReasoningResult r = new ArithmeticAgent().reason(request("What is the population of Paris times two?"));
        assertFalse(r.answered());
        assertEquals(List.of(ArithmeticAgent.NEEDS), r.needs());
    }
}
