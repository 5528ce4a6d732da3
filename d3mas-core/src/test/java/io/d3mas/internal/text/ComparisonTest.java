package io.d3mas.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static List<String> attributes(String question) {
        return Comparison.parse(question).orElseThrow().attributeQuestions(question);
    }

    @Test
    void should_ask_when_people_were_born_for_who_is_older() {
        assertEquals(
                List.of("When was Marie Curie born?", "When was Albert Einstein born?"),
                attributes("Who is older, Marie Curie or Albert Einstein?"));
        assertEquals(List.of("When was Ada born?", "When was Alan born?"), attributes("Who was younger, Ada or Alan?"));
    }

    @Test
    void should_ask_when_organisations_were_founded() {
        assertEquals(
                List.of("When was IBM founded?", "When was Apple founded?"),
                attributes("Which company is older, IBM or Apple?"));
        assertEquals(
                List.of("When was Oxford founded?", "When was Harvard founded?"),
                attributes("Which university is older, Oxford or Harvard?"));
    }

    @Test
    void should_ask_how_old_a_thing_of_unknown_kind_is() {
        assertEquals(
                List.of("How old is the Colosseum?", "How old is the Parthenon?"),
                attributes("Which is older, the Colosseum or the Parthenon?"));
    }

    @Test
    void should_keep_the_verb_of_an_earlier_or_later_question() {
        assertEquals(
                List.of("When was Hamlet written?", "When was Macbeth written?"),
                attributes("Which was written earlier, Hamlet or Macbeth?"));
    }
}
