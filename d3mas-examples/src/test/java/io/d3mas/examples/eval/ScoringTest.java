package io.d3mas.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.examples.data.EvalItem;
import io.d3mas.examples.data.EvalItem.Choice;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScoringTest {

    static final List<Choice> ABCD = List.of(
            new Choice("A", "ruler"),
            new Choice("B", "thermometer"),
            new Choice("C", "scale"),
            new Choice("D", "clock"));

    static EvalItem item(EvalItem.Kind kind, List<String> answers) {
        return new EvalItem(
                "x", kind, "q", kind == EvalItem.Kind.CHOICE ? ABCD : List.of(), answers, List.of(), null, "");
    }

    @Test
    void theStatedAnswerIsTheLastAnswerLineWithoutEmphasisOrFullStop() {
        assertEquals("Paris", Scoring.finalAnswer("Answer: London\nOn reflection...\n**Answer:** Paris."));
        assertEquals("42", Scoring.finalAnswer("I think\nthe result is\n42"));
        assertEquals("3.5", Scoring.finalAnswer("Answer: 3.5."));
    }

    @Test
    void choicesAreReadFromLabelsOptionTextOrAnswerIs() {
        assertEquals(Optional.of("B"), Scoring.choice("Reasoning...\nAnswer: B", ABCD));
        assertEquals(Optional.of("B"), Scoring.choice("Answer: (b)", ABCD));
        assertEquals(Optional.of("C"), Scoring.choice("Answer: C. scale", ABCD));
        assertEquals(Optional.of("B"), Scoring.choice("Answer: Thermometer", ABCD));
        assertEquals(Optional.of("D"), Scoring.choice("so the answer is (D) because", ABCD));
        assertEquals(Optional.empty(), Scoring.choice("Answer: E", ABCD));
        assertEquals(Optional.empty(), Scoring.choice("I do not know", ABCD));
        List<Choice> numeric = List.of(new Choice("1", "0"), new Choice("2", "50"));
        assertEquals(Optional.of("2"), Scoring.choice("Answer: 2", numeric));
    }

    @Test
    void choiceAccuracyComparesTheLabel() {
        EvalItem it = item(EvalItem.Kind.CHOICE, List.of("B"));
        assertEquals(1.0, Scoring.score(it, "Answer: B", null).accuracy());
        assertEquals(0.0, Scoring.score(it, "Answer: A", null).accuracy());
    }

    @Test
    void numbersMatchNumericallyOnTheFinalNumber() {
        EvalItem it = item(EvalItem.Kind.NUMBER, List.of("1500"));
        assertEquals(
                1.0,
                Scoring.score(it, "1200 + 300 = 1500\nAnswer: $1,500", null).accuracy());
        assertEquals(1.0, Scoring.score(it, "so 1500.00", null).accuracy());
        assertEquals(
                0.0,
                Scoring.score(it, "Answer: 1500 apples, not 1200", null).accuracy(),
                "the last number of the stated answer counts");
        assertEquals(0.0, Scoring.score(it, "no idea", null).accuracy());
        assertTrue(Scoring.sameNumber("-3", "-3.0"));
        assertFalse(Scoring.sameNumber("x", "3"));
    }

    @Test
    void spansUseSquadExactMatchAndF1() {
        assertEquals("jane roe", Scoring.normalize("The  Jane-Roe!"));
        assertEquals(1.0, Scoring.exactMatch("the Jane Roe.", List.of("Jane Roe")));
        assertEquals(0.0, Scoring.exactMatch("Jane", List.of("Jane Roe")));
        // prediction "jane" vs gold "jane roe": precision 1, recall 1/2, F1 2/3
        assertEquals(2.0 / 3, Scoring.f1("Jane", List.of("Jane Roe")), 1e-9);
        // best over golds: the alias matches fully
        assertEquals(1.0, Scoring.f1("J. Roe", List.of("Jane Roe", "J. Roe")), 1e-9);
        assertEquals(0.0, Scoring.f1("Springfield", List.of("Jane Roe")));
        EvalItem it = item(EvalItem.Kind.SPAN, List.of("Jane Roe"));
        Scoring.Score s = Scoring.score(it, "Founded by her.\nAnswer: Jane Roe", null);
        assertEquals(1.0, s.accuracy());
        assertEquals("Jane Roe", s.extracted());
    }

    @Test
    void conceptCoverageCountsRegularInflections() {
        List<String> concepts = List.of("dog", "frisbee", "catch", "throw");
        assertEquals(1.0, Scoring.conceptCoverage("The dogs catch a frisbee that she throws.", concepts));
        // "caught" and "threw" are irregular: two of four
        assertEquals(0.5, Scoring.conceptCoverage("The dog caught the frisbee I threw.", concepts));
        assertTrue(Scoring.inflectionOf("running", "run"));
        assertTrue(Scoring.inflectionOf("stood", "stood"));
        assertTrue(Scoring.inflectionOf("looking", "look"));
        assertTrue(Scoring.inflectionOf("dancing", "dance"));
        assertTrue(Scoring.inflectionOf("carries", "carry"));
        assertFalse(Scoring.inflectionOf("doghouse", "dog"));
        assertEquals(0.0, Scoring.conceptCoverage("anything", List.of()));
    }

    @Test
    void codeIsTheFencedBlockAndAWholeFunctionKeepsThePromptsImports() {
        EvalItem.CodeTask task = new EvalItem.CodeTask(
                "from typing import List\n\ndef f(xs: List[int]) -> int:\n    \"\"\"doc\"\"\"\n",
                "def check(c):\n    pass\n",
                "f");
        assertEquals(
                "def f(xs):\n    return 1\n", Scoring.code("Here:\n```python\ndef f(xs):\n    return 1\n```\nDone."));
        String whole = Scoring.program(task, "def f(xs):\n    return 1\n");
        assertTrue(whole.startsWith("from typing import List\ndef f(xs):"), whole);
        assertTrue(whole.endsWith("check(f)\n"));
        String body = Scoring.program(task, "    return sum(xs)\n");
        assertTrue(body.startsWith(task.prompt() + "    return sum(xs)"), body);
    }

    @Test
    void codeWithoutASandboxIsAClearError() {
        EvalItem it = new EvalItem(
                "h/0",
                EvalItem.Kind.CODE,
                "q",
                List.of(),
                List.of(),
                List.of(),
                new EvalItem.CodeTask("def f():\n", "def check(c): pass", "f"),
                "");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Scoring.score(it, "x", null));
        assertTrue(e.getMessage().contains("python3"), e.getMessage());
    }
}
