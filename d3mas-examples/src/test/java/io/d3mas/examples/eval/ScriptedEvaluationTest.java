package io.d3mas.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.examples.data.EvalItem;
import io.d3mas.examples.data.Paragraph;
import io.d3mas.llm.LlmConfig;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.task.RuleBasedDecomposer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scripted model knows an item only when its prompt holds every supporting fact, its text or a finding. */
class ScriptedEvaluationTest {

    private static final EvalItem ITEM = new EvalItem(
            "x",
            EvalItem.Kind.SPAN,
            "Which sport do Casal and Orantes share?",
            List.of(),
            List.of("tennis"),
            List.of(
                    new Paragraph(
                            "Sergio Casal", "Sergio Casal is a former professional tennis player from Spain.", true),
                    new Paragraph("Manuel Orantes", "Manuel Orantes is a retired tennis player from Spain.", true),
                    new Paragraph("Rafael Nadal", "Rafael Nadal is a tennis player.", false)),
            null,
            "");

    private static String ask(String user) {
        try (LocalOpenAiServer server =
                LocalOpenAiServer.start(c -> ScriptedEvaluation.reply(c, List.of(ITEM), new RuleBasedDecomposer()))) {
            return LlmConfig.builder()
                    .baseUrl(server.baseUrl())
                    .model("scripted")
                    .build()
                    .chatModel(LlmConfig.Role.AGENT)
                    .chat(user);
        }
    }

    @Test
    void should_answer_only_when_every_supporting_fact_reached_the_prompt() {
        String one = ask(ITEM.question() + "\nSergio Casal is a former professional tennis player from Spain.");
        assertTrue(one.endsWith("Answer: unknown"), one);
        assertTrue(one.contains("Found: Sergio Casal."), "a finding is passed on: " + one);

        String both = ask(ITEM.question() + "\n" + one + "\nManuel Orantes is a retired tennis player from Spain.");
        assertEquals("Answer: tennis", both.lines().reduce((a, b) -> b).orElse(""), both);

        String distractor = ask(ITEM.question() + "\nRafael Nadal is a tennis player.");
        assertTrue(distractor.endsWith("Answer: unknown"), distractor);
    }
}
