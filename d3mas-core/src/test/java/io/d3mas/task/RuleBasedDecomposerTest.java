package io.d3mas.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleBasedDecomposerTest {

    private final RuleBasedDecomposer decomposer = new RuleBasedDecomposer();

    private Decomposition split(String q) {
        return decomposer.decompose(new DecompositionRequest(q, q, 0, List.of()));
    }

    private static List<String> texts(Decomposition d) {
        return d.subTasks().stream().map(SubTask::text).toList();
    }

    @Test
    void should_keep_a_simple_question_atomic() {
        assertTrue(split("What is the capital of France?").atomic());
        assertTrue(split("Who painted the Mona Lisa?").atomic());
    }

    @Test
    void an_answer_type_word_does_not_make_a_bridge() {
        // "Which city is {{0}}?" would ask which city Berlin is: the whole is one lookup
        assertTrue(split("Which city is the capital of Germany?").atomic());
        assertTrue(split("What country is the birthplace of Frida Kahlo?").atomic());
        assertEquals(
                List.of("What is the capital of Austria?", "Which river flows through {{0}}?"),
                texts(split("Which river flows through the capital of Austria?")));
    }

    @Test
    void twice_double_and_half_are_operations_on_a_looked_up_value() {
        assertEquals(
                List.of("What is the population of the capital of Germany?", "What is {{0}} times two?"),
                texts(split("What is twice the population of the capital of Germany?")));
        assertEquals(
                List.of("What is the population of Madrid?", "What is {{0}} times two?"),
                texts(split("What is double the population of Madrid?")));
        assertEquals(
                List.of("What is the height of Everest?", "What is {{0}} divided by two?"),
                texts(split("What is half the height of Everest?")));
    }

    @Test
    void should_split_compound_questions_on_and_and_semicolons() {
        assertEquals(
                List.of("What is the capital of Japan?", "What is the capital of Italy?"),
                texts(split("What is the capital of Japan and what is the capital of Italy?")));
        assertEquals(
                List.of("Who wrote Hamlet?", "Who painted Guernica?"),
                texts(split("Who wrote Hamlet; who painted Guernica?")));
        assertTrue(split("Which river flows through Vienna and Budapest?").atomic(), "'and' inside one question");
    }

    @Test
    void should_split_a_comparison_into_attributes_and_a_dependent_comparison() {
        Decomposition d = split("Which is longer, the Nile or the Amazon?");
        assertEquals(
                List.of("How long is the Nile?", "How long is the Amazon?", "Which is longer, the Nile or the Amazon?"),
                texts(d));
        assertEquals(List.of(0, 1), d.subTasks().get(2).dependsOn());
        assertEquals(
                3, split("Is the Amazon longer than the Danube?").subTasks().size());
    }

    @Test
    void should_split_an_operation_on_a_looked_up_value_from_the_lookup() {
        Decomposition d = split("What is the population of the capital of France times two?");
        assertEquals(List.of("What is the population of the capital of France?", "What is {{0}} times two?"), texts(d));
        assertEquals(List.of(0), d.subTasks().get(1).dependsOn());
        assertTrue(d.subTasks().get(1).atomic());
        assertEquals(
                List.of("What is the population of Paris?", "What is {{0}} divided by 3?"),
                texts(split("What is the population of Paris divided by 3?")));
        assertTrue(split("What is 11 million times two?").atomic(), "nothing to look up");
    }

    @Test
    void should_split_a_bridge_question_with_a_placeholder() {
        Decomposition d = split("Which river flows through the capital of France?");
        assertEquals(List.of("What is the capital of France?", "Which river flows through {{0}}?"), texts(d));
        assertEquals(List.of(0), d.subTasks().get(1).dependsOn());
        assertEquals(
                List.of("Which company makes the iPhone?", "Who founded {{0}}?"),
                texts(split("Who founded the company that makes the iPhone?")));
        assertEquals(
                List.of("Which company makes Windows?", "When was {{0}} founded?"),
                texts(split("When was the company that makes Windows founded?")));
        assertEquals(
                List.of("Who is the author of Hamlet?", "In which year was {{0}} born?"),
                texts(split("In which year was the author of Hamlet born?")));
    }
}
