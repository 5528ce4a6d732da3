package io.d3mas.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AnswerExtractorTest {

    @Test
    void should_pick_the_name_the_question_does_not_contain() {
        assertEquals(
                "Paris", AnswerExtractor.extract("What is the capital of France?", "Paris is the capital of France."));
        assertEquals(
                "Leonardo da Vinci",
                AnswerExtractor.extract("Who painted the Mona Lisa?", "Leonardo da Vinci painted the Mona Lisa."));
        assertEquals(
                "Steve Jobs",
                AnswerExtractor.extract(
                        "Who founded Apple?",
                        "Apple was founded by Steve Jobs, Steve Wozniak and Ronald Wayne in 1976."));
    }

    @Test
    void should_keep_only_the_name_when_a_verb_the_question_does_not_use_follows_it() {
        // "wrote" is not in "Who is the author of Hamlet?", so it used to end up in the answer ("William
        // Shakespeare wrote") and then in the next hop's question.
        assertEquals(
                "William Shakespeare",
                AnswerExtractor.extract("Who is the author of Hamlet?", "William Shakespeare wrote Hamlet."));
        assertEquals(
                "Marie Curie",
                AnswerExtractor.extract("Who discovered polonium?", "In 1898 Marie Curie discovered polonium."));
    }

    @Test
    void should_pick_a_year_for_when_and_a_number_for_how_long() {
        assertEquals(
                "1889",
                AnswerExtractor.extract(
                        "When was the Eiffel Tower completed?",
                        "The Eiffel Tower was completed in 1889 for the World's Fair in Paris."));
        assertEquals(
                "6,650 kilometres",
                AnswerExtractor.extract("How long is the Nile?", "The Nile is about 6,650 kilometres long."));
    }

    @Test
    void should_read_numbers_with_separators() {
        assertEquals(6650.0, AnswerExtractor.firstNumber("about 6,650 kilometres", false));
        assertEquals(1867.0, AnswerExtractor.firstNumber("aged 4 in 1867", true));
        assertEquals(Double.NaN, AnswerExtractor.firstNumber("no number", false));
    }
}
