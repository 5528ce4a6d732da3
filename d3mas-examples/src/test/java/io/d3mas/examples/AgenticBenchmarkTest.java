package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The langchain4j-agentic comparison runs each method for real and counts what reached the answer. */
class AgenticBenchmarkTest {

    @Test
    void should_run_d3mas_and_three_agentic_teams_on_the_same_server_and_knowledge() throws Exception {
        AgenticQueries.Query q = AgenticQueries.QUERIES.get(0);
        List<AgenticBenchmark.Row> rows = AgenticBenchmark.run(List.of(q), Duration.ZERO, 1);
        Map<String, AgenticBenchmark.Row> byMethod =
                rows.stream().collect(Collectors.toMap(AgenticBenchmark.Row::method, Function.identity()));

        assertEquals(
                List.of("d3mas", "d3mas-given-parts", "agentic-supervisor", "agentic-parallel", "agentic-sequence"),
                rows.stream().map(AgenticBenchmark.Row::method).toList());
        for (AgenticBenchmark.Row r : rows) {
            assertEquals(3, r.partsAnswered(), r.method() + ": every needed fact reached the answer: " + r);
        }
        // one decomposition, three agents, one synthesis
        assertEquals(5, byMethod.get("d3mas").calls(), byMethod.toString());
        assertEquals(4, byMethod.get("d3mas-given-parts").calls(), byMethod.toString());
        // a planner call before each of the three experts and one to finish, whose recap is the answer
        assertEquals(7, byMethod.get("agentic-supervisor").calls(), byMethod.toString());
        // the parts given: three answers and the writer
        assertEquals(4, byMethod.get("agentic-parallel").calls(), byMethod.toString());
        AgenticBenchmark.Row d3mas = byMethod.get("d3mas");
        AgenticBenchmark.Row supervisor = byMethod.get("agentic-supervisor");
        assertTrue(
                d3mas.promptTokens() + d3mas.completionTokens()
                        < supervisor.promptTokens() + supervisor.completionTokens(),
                "the supervisor's planner re-reads its growing history: " + byMethod);
    }

    @Test
    void should_answer_a_part_only_when_its_fact_is_in_the_prompt() {
        AgenticQueries.Query q = AgenticQueries.QUERIES.get(0);
        AgenticQueries.Part p = q.parts().get(0);
        var without = new io.d3mas.llm.testing.LocalOpenAiServer.ChatCall(
                0,
                "m",
                List.of(new io.d3mas.llm.testing.LocalOpenAiServer.Message(
                        "user", "Answer this question: " + p.question())),
                null,
                null,
                Map.of(),
                "",
                List.of());
        var with = new io.d3mas.llm.testing.LocalOpenAiServer.ChatCall(
                1,
                "m",
                List.of(new io.d3mas.llm.testing.LocalOpenAiServer.Message(
                        "user",
                        "Answer this question: " + p.question() + "\n\nAnswer using the following information:\n"
                                + p.fact())),
                null,
                null,
                Map.of(),
                "",
                List.of());
        assertTrue(reply(without).contains("do not know"));
        assertTrue(reply(with).contains(p.answer()));
    }

    private static String reply(io.d3mas.llm.testing.LocalOpenAiServer.ChatCall call) {
        try (var server =
                io.d3mas.llm.testing.LocalOpenAiServer.start(c -> AgenticQueries.reply(call, AgenticQueries.QUERIES))) {
            var model = io.d3mas.llm.LlmConfig.builder()
                    .baseUrl(server.baseUrl())
                    .model("scripted")
                    .build()
                    .chatModel(io.d3mas.llm.LlmConfig.Role.AGENT);
            return model.chat("x");
        }
    }
}
