package io.d3mas.examples.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotpotQaTest {

    private static final Path SHARED = Path.of("../../shared/data/hotpotqa");

    @Test
    void should_read_irc_ot_json_lines_with_paragraph_labels(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("q.jsonl");
        Files.writeString(
                f,
                """
                {"question_id": "q1", "question_text": "Who wrote Dune?", "answers_objects": [{"spans": ["Frank Herbert"]}], \
                "contexts": [{"id": "0", "title": "Dune", "paragraph_text": "Dune is a novel by Frank Herbert.", "is_supporting": true}, \
                {"id": "1", "title": "Arrakis", "paragraph_text": "Arrakis is a desert planet.", "is_supporting": false}]}

                """);
        List<MultiHopQuestion> qs = HotpotQa.load(f);
        assertEquals(1, qs.size());
        assertEquals("Who wrote Dune?", qs.get(0).question());
        assertEquals(List.of("Frank Herbert"), qs.get(0).answers());
        assertEquals(
                List.of(new Paragraph("Dune", "Dune is a novel by Frank Herbert.", true)),
                qs.get(0).supporting());
    }

    @Test
    void should_read_the_original_json_making_sentence_facts_paragraph_labels(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("q.json");
        Files.writeString(
                f,
                """
                [{"_id": "a1", "question": "Which is older?", "answer": "X", "supporting_facts": [["X", 1]],
                  "context": [["X", ["X was built in 1800.", " It is old."]], ["Y", ["Y was built in 1900."]]]}]
                """);
        MultiHopQuestion q = HotpotQa.load(f).get(0);
        assertEquals("a1", q.id());
        assertEquals("X was built in 1800. It is old.", q.paragraphs().get(0).text());
        assertEquals(List.of("X"), q.supporting().stream().map(Paragraph::title).toList());
    }

    @Test
    void should_name_the_missing_field_of_a_file_in_another_format(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"question\": \"no contexts here\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HotpotQa.load(f));
        assertTrue(e.getMessage().contains("question_text") && e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void should_load_both_shared_files_when_present() {
        Path dev = SHARED.resolve(HotpotQa.DEV_FILE);
        assumeTrue(Files.exists(dev), "../shared/data/hotpotqa is absent: the shared-data check is skipped");
        List<MultiHopQuestion> qs = HotpotQa.load(dev);
        assertTrue(qs.size() >= 300, "questions: " + qs.size());
        assertTrue(qs.stream().allMatch(q -> q.supporting().size() == 2), "every IRCoT question has 2 supporting");
        List<MultiHopQuestion> train = HotpotQa.load(SHARED.resolve("hotpotqa_train_distractor_sample100.json"));
        assertTrue(train.size() >= 60
                && train.stream().allMatch(q -> !q.supporting().isEmpty()));
    }
}
