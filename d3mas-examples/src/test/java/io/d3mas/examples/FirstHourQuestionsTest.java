package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.agent.ArithmeticAgent;
import io.d3mas.agent.RetrievalAgent;
import io.d3mas.embed.BgeEmbeddingModel;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The offline components on simple factoid and two-step questions a new user tries first, with facts written
 * for this test (first-hour.tsv), real BGE-small embeddings and exact match. docs/benchmarks.md records the
 * score; the floor here keeps it from sliding back.
 */
class FirstHourQuestionsTest {

    record Question(String text, List<String> expected, boolean heldOut) {}

    @Test
    void theOfflineTeamAnswersTheQuestionsANewUserTriesFirst() throws Exception {
        List<String[]> facts = new ArrayList<>();
        List<Question> questions = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("first-hour.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t");
                if (f[0].equals("F")) {
                    facts.add(f);
                } else if (f[0].equals("Q") || f[0].equals("H")) {
                    questions.add(new Question(f[1], List.of(f[2].split("\\|")), f[0].equals("H")));
                }
            }
        }
        List<String> missed = new ArrayList<>();
        List<String> missedHeldOut = new ArrayList<>();
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel();
                D3Mas team = D3Mas.builder()
                        .embeddingModel(model)
                        .agent(
                                "geo",
                                "Geography: countries, capital cities, rivers, lakes, populations",
                                new RetrievalAgent())
                        .agent("people", "People: births, inventions, discoveries, dates", new RetrievalAgent())
                        .agent("calc", "Arithmetic: sums, products, doubling, halving numbers", new ArithmeticAgent())
                        .build()) {
            for (String[] f : facts) {
                team.remember(f[1], f[2], "first-hour");
            }
            for (Question q : questions) {
                String answer = team.solve(q.text()).answer();
                boolean right = q.expected().stream()
                        .anyMatch(e -> answer.strip().toLowerCase(Locale.ROOT).equals(e.toLowerCase(Locale.ROOT)));
                if (!right) {
                    (q.heldOut() ? missedHeldOut : missed)
                            .add(q.text() + " -> " + answer + " (expected " + q.expected() + ")");
                }
            }
        }
        long tuned = questions.stream().filter(q -> !q.heldOut()).count();
        long heldOut = questions.size() - tuned;
        System.out.printf(
                Locale.ROOT,
                "first-hour questions: %d of %d exact on the questions that led the fixes, %d of %d held out%n"
                        + "  missed: %s%n  missed (held out): %s%n",
                tuned - missed.size(),
                tuned,
                heldOut - missedHeldOut.size(),
                heldOut,
                missed,
                missedHeldOut);
        assertTrue(missed.size() <= 1, "missed: " + missed);
        assertTrue(missedHeldOut.size() * 2 <= heldOut, "missed (held out): " + missedHeldOut);
    }
}
