package io.d3mas.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.examples.data.DatasetException;
import io.d3mas.examples.data.EvalDataset;
import io.d3mas.examples.data.EvalItem;
import io.d3mas.examples.data.Hop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvalDatasetTest {

    static final Path FIXTURES = Path.of("src/test/resources/eval");
    static final Path SHARED = Path.of("../../shared/data");

    @Test
    void mmluReadsQuotedNewlinesCrlfAndSubjectsFromAFolder() {
        List<EvalItem> items = EvalDataset.MMLU.load(FIXTURES.resolve("subjects"));
        assertEquals(3, items.size());
        EvalItem quoted = items.get(1);
        assertEquals("toy_arithmetic", quoted.group());
        assertEquals("A question with a \"quoted\" word and a\nline break", quoted.question());
        assertEquals("second, with comma", quoted.choices().get(1).text());
        assertEquals(List.of("C"), quoted.answers());
        assertEquals("toy_colours", items.get(2).group());
        assertTrue(quoted.prompt().contains("\nB. second, with comma"));
        assertTrue(quoted.prompt().endsWith("one of A, B, C, D."));
    }

    @Test
    void arcKeepsNumericLabelsAndFiveChoices() {
        List<EvalItem> items = EvalDataset.ARC_EASY.load(FIXTURES.resolve("arc.jsonl"));
        assertEquals(3, items.size());
        assertEquals(List.of("1"), items.get(1).answers());
        assertEquals("1", items.get(1).choices().get(0).label());
        assertEquals(5, items.get(2).choices().size());
        assertEquals("Toy_3", items.get(2).id());
    }

    @Test
    void gsm8kTakesTheNumberAfterTheMarkWithoutSeparators() {
        List<EvalItem> items = EvalDataset.GSM8K.load(FIXTURES.resolve("word-problems.jsonl"));
        assertEquals(List.of("12"), items.get(0).answers());
        assertEquals(List.of("1500"), items.get(1).answers());
        assertEquals(EvalItem.Kind.NUMBER, items.get(0).kind());
    }

    @Test
    void musiqueKeepsAliasesSupportingLabelsAndHopType() {
        List<EvalItem> items = EvalDataset.MUSIQUE.load(FIXTURES.resolve("musique.jsonl"));
        assertEquals(List.of("Jane Roe", "J. Roe"), items.get(0).answers());
        assertEquals(
                2,
                items.get(0).paragraphs().stream().filter(p -> p.supporting()).count());
        assertEquals("2hop", items.get(0).group());
        assertEquals("3hop1", items.get(1).group());
        assertEquals(
                List.of(
                        new Hop("Which company makes the Widget?", "Acme Gadgets", 0),
                        new Hop("#1 >> founded by", "Jane Roe", 1)),
                items.get(0).decomposition());
    }

    @Test
    void commonGenStripsPartOfSpeechTags() {
        List<EvalItem> items = EvalDataset.COMMONGEN.load(FIXTURES.resolve("commongen.jsonl"));
        assertEquals(List.of("dog", "frisbee", "catch", "throw"), items.get(0).answers());
        assertTrue(items.get(0).question().contains("dog, frisbee, catch, throw"));
    }

    @Test
    void humanEvalReadsGzipAndKeepsTheTestsOutOfThePrompt() {
        List<EvalItem> items = EvalDataset.HUMANEVAL.load(FIXTURES.resolve("code-tasks.jsonl.gz"));
        assertEquals(2, items.size());
        EvalItem.CodeTask code = items.get(0).code();
        assertNotNull(code);
        assertEquals("add_all", code.entryPoint());
        assertTrue(code.test().contains("def check"));
        assertTrue(!items.get(0).prompt().contains("def check"));
    }

    @Test
    void aMissingFileSaysWhereItLookedAndWhatToPass() {
        DatasetException e =
                assertThrows(DatasetException.class, () -> EvalDataset.GSM8K.load(Path.of("no/such/test.jsonl")));
        assertTrue(e.getMessage().contains("GSM8K not found at"), e.getMessage());
        assertTrue(e.getMessage().contains("--data"), e.getMessage());
        assertThrows(DatasetException.class, () -> EvalDataset.HOTPOTQA.load(Path.of("no/such.jsonl")));
        assertThrows(DatasetException.class, () -> EvalDataset.MMLU.load(Path.of("no/such/folder")));
    }

    @Test
    void malformedLinesAreNamedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("arc.jsonl");
        Files.writeString(
                bad, "{\"id\": \"x\", \"question\": {\"stem\": \"s\", \"choices\": []}, \"answerKey\": \"A\"}\n");
        DatasetException key = assertThrows(DatasetException.class, () -> EvalDataset.ARC_EASY.load(bad));
        assertTrue(key.getMessage().contains("line 1") && key.getMessage().contains("answerKey 'A'"), key.getMessage());

        Files.writeString(bad, "{\"question\": \"q\", \"answer\": \"a\"}\nnot json\n");
        Path gsm = Files.move(bad, dir.resolve("gsm.jsonl"));
        DatasetException mark = assertThrows(DatasetException.class, () -> EvalDataset.GSM8K.load(gsm));
        assertTrue(mark.getMessage().contains("line 1") && mark.getMessage().contains("####"), mark.getMessage());

        Path csv = dir.resolve("x_test.csv");
        Files.writeString(csv, "q,a,b,c,d,E\n");
        DatasetException answer = assertThrows(DatasetException.class, () -> EvalDataset.MMLU.load(csv));
        assertTrue(answer.getMessage().contains("row 1") && answer.getMessage().contains("'E'"), answer.getMessage());
        Files.writeString(csv, "q,a,b,C\n");
        DatasetException fields = assertThrows(DatasetException.class, () -> EvalDataset.MMLU.load(csv));
        assertTrue(fields.getMessage().contains("4 fields"), fields.getMessage());
    }

    @Test
    void namesAreCheckedAndListed() {
        assertEquals(EvalDataset.ARC_CHALLENGE, EvalDataset.named("ARC-Challenge"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvalDataset.named("squad"));
        assertTrue(e.getMessage().contains("hotpotqa, hotpotqa-train, musique"), e.getMessage());
    }

    /** The shared files, with the item counts their SOURCE.md states. */
    @ParameterizedTest
    @CsvSource({
        "mmlu, 9877",
        "arc-challenge, 821",
        "arc-easy, 1665",
        "gsm8k, 924",
        "hotpotqa, 350",
        "hotpotqa-train, 70",
        "musique, 70",
        "commongen, 1050",
        "humaneval, 116"
    })
    void sharedDatasetsLoadWithTheirDocumentedCounts(String name, int count) {
        EvalDataset d = EvalDataset.named(name);
        Path path = d.defaultPath(SHARED);
        Assumptions.assumeTrue(
                Files.exists(path), "skipped: " + path + " is absent (the shared data sits beside the repository)");
        List<EvalItem> items = d.load(path);
        assertEquals(count, items.size());
        assertEquals(count, items.stream().map(EvalItem::id).distinct().count(), "ids are unique");
        for (EvalItem it : items) {
            assertTrue(!it.question().isBlank(), it.id());
            switch (it.kind()) {
                case CHOICE ->
                    assertTrue(it.choices().stream()
                            .anyMatch(c -> c.label().equals(it.answers().get(0))));
                case NUMBER ->
                    assertTrue(
                            it.answers().get(0).matches("-?[0-9.]+"),
                            it.answers().get(0));
                case SPAN -> assertTrue(it.paragraphs().stream().anyMatch(p -> p.supporting()), it.id());
                case CONCEPTS -> assertTrue(it.answers().size() >= 3, it.id());
                case CODE -> assertNotNull(it.code());
            }
        }
    }
}
