package io.d3mas.examples;

import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.llm.testing.LocalOpenAiServer.ChatCall;
import io.d3mas.llm.testing.LocalOpenAiServer.Reply;
import io.d3mas.task.SubTask;
import java.util.ArrayList;
import java.util.List;

/**
 * The queries of {@link AgenticBenchmark}, of three or four independent parts each answered by one fact of the demo's
 * knowledge, and the scripted model that answers from what each prompt holds.
 */
final class AgenticQueries {

    private AgenticQueries() {}

    /** One part of a query: its question, the fact that answers it and the answer. */
    record Part(String question, String fact, String answer) {}

    /** A query of independent parts. */
    record Query(String text, List<Part> parts) {}

    static final List<Query> QUERIES = List.of(
            query(
                    part("What is the capital of Austria?", "Vienna is the capital of Austria.", "Vienna"),
                    part("In which year did the Berlin Wall fall?", "The Berlin Wall fell in 1989.", "1989"),
                    part("What is the chemical symbol for gold?", "The chemical symbol for gold is Au.", "Au")),
            query(
                    part("What is the capital of Japan?", "Tokyo is the capital of Japan.", "Tokyo"),
                    part("When did the French Revolution begin?", "The French Revolution began in 1789.", "1789"),
                    part(
                            "Which planet is closest to the Sun?",
                            "Mercury is the planet closest to the Sun.",
                            "Mercury")),
            query(
                    part("What is the capital of Canada?", "Ottawa is the capital of Canada.", "Ottawa"),
                    part("In which year was the Magna Carta sealed?", "The Magna Carta was sealed in 1215.", "1215"),
                    part(
                            "Who discovered penicillin?",
                            "Alexander Fleming discovered penicillin in 1928.",
                            "Alexander Fleming"),
                    part("What is the chemical symbol for iron?", "The chemical symbol for iron is Fe.", "Fe")),
            query(
                    part("What is the capital of Egypt?", "Cairo is the capital of Egypt.", "Cairo"),
                    part(
                            "When was the Eiffel Tower completed?",
                            "The Eiffel Tower was completed in 1889 for the World's Fair in Paris.",
                            "1889"),
                    part(
                            "Which planet is the largest in the solar system?",
                            "Jupiter is the largest planet in the solar system.",
                            "Jupiter")),
            query(
                    part("What is the capital of Kenya?", "Nairobi is the capital of Kenya.", "Nairobi"),
                    part(
                            "When did Christopher Columbus reach the Americas?",
                            "Christopher Columbus reached the Americas in 1492.",
                            "1492"),
                    part(
                            "At what temperature does water boil at sea level?",
                            "Water boils at 100 degrees Celsius at sea level.",
                            "100 degrees Celsius")),
            query(
                    part("What is the capital of Brazil?", "Brasilia is the capital of Brazil.", "Brasilia"),
                    part(
                            "Who was the first president of the United States?",
                            "George Washington was the first president of the United States.",
                            "George Washington"),
                    part("What is the chemical symbol for sodium?", "The chemical symbol for sodium is Na.", "Na"),
                    part("Which planet is known as the red planet?", "Mars is known as the red planet.", "Mars")));

    private static Part part(String question, String fact, String answer) {
        return new Part(question, fact, answer);
    }

    /** The parts' questions as one: "What is A, when did B, and which C?" */
    private static Query query(Part... parts) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String q = parts[i].question();
            q = q.substring(0, q.length() - 1); // no question mark
            if (i > 0) {
                text.append(i == parts.length - 1 ? ", and " : ", ")
                        .append(Character.toLowerCase(q.charAt(0)))
                        .append(q.substring(1));
            } else {
                text.append(q);
            }
        }
        return new Query(text.append('?').toString(), List.of(parts));
    }

    /**
     * The scripted model: answers in the shape each caller asks for, and only from what the prompt holds. An agent
     * (D³MAS's or langchain4j-agentic's) answers a part when the part's fact is in its prompt; a planner splits or
     * plans from the query's parts; a writer (synthesizer, summary) names the part answers its prompt holds.
     */
    static Reply reply(ChatCall call, List<Query> queries) {
        String system = call.system();
        String all = ScriptedPrompts.unescape(String.join(
                "\n",
                call.messages().stream().map(LocalOpenAiServer.Message::content).toList()));
        Query q =
                queries.stream().filter(x -> all.contains(x.text())).findFirst().orElse(null);
        if (system.startsWith("You plan the work")) {
            String task = ScriptedPrompts.task(call.firstUser());
            Query whole = queries.stream()
                    .filter(x -> x.text().equals(task))
                    .findFirst()
                    .orElse(null);
            if (whole == null) {
                return Reply.text("{\"atomic\": true, \"subtasks\": []}");
            }
            StringBuilder json = new StringBuilder("{\"atomic\": false, \"subtasks\": [");
            for (int i = 0; i < whole.parts().size(); i++) {
                json.append(i == 0 ? "" : ", ")
                        .append("{\"task\": \"")
                        .append(whole.parts().get(i).question())
                        .append("\", \"dependsOn\": [], \"atomic\": true}");
            }
            return Reply.text(json.append("]}").toString());
        }
        if (system.startsWith("You are agent")) {
            String task = ScriptedPrompts.task(call.firstUser());
            Part p = partOf(task, queries);
            if (p != null && all.contains(p.fact())) {
                return Reply.text("{\"answer\": \"" + p.answer() + "\", \"conclusion\": \"" + p.fact()
                        + "\", \"premises\": [], \"confidence\": 0.9, \"needs\": [], \"usedMemory\": [\"K1\"]}");
            }
            return Reply.text("{\"answer\": \"\", \"conclusion\": \"\", \"premises\": [], \"confidence\": 0,"
                    + " \"needs\": [\"the fact\"], \"usedMemory\": []}");
        }
        if (system.contains("planner expert") && q != null) {
            int done = (int) call.messages().stream()
                    .filter(msg -> msg.role().equals("assistant"))
                    .count();
            if (done < q.parts().size()) {
                Part p = q.parts().get(done);
                return Reply.text("{\"agentName\": \"" + domainOf(p) + "\", \"arguments\": {\"question\": \""
                        + p.question() + "\"}}");
            }
            return Reply.text(
                    "{\"agentName\": \"done\", \"arguments\": {\"response\": \"" + answersIn(all, q) + "\"}}");
        }
        if (q != null && !call.firstUser().startsWith("Answer this question")) {
            // a writer: D³MAS's synthesizer, the supervisor's summary, the workflows' last agent
            String answer = answersIn(all, q);
            return Reply.text(
                    system.startsWith("You write the final answer")
                            ? "{\"used\": [\"C1\"], \"answer\": \"" + answer + "\"}"
                            : answer);
        }
        Part p = partOf(call.firstUser(), queries);
        return Reply.text(p != null && all.contains(p.fact()) ? p.answer() + "." : "I do not know.");
    }

    /** The parts of a query as sub-tasks, as the workflows get them. */
    static List<SubTask> partsOf(String text, List<Query> queries) {
        return queries.stream()
                .filter(q -> q.text().equals(text))
                .findFirst()
                .map(q -> q.parts().stream().map(p -> SubTask.of(p.question())).toList())
                .orElse(List.of());
    }

    /** The part answers that the prompt holds, in the query's order. */
    private static String answersIn(String prompt, Query q) {
        List<String> found = new ArrayList<>();
        for (Part p : q.parts()) {
            if (prompt.contains(p.answer())) {
                found.add(p.answer());
            }
        }
        return String.join("; ", found);
    }

    private static Part partOf(String text, List<Query> queries) {
        for (Query q : queries) {
            for (Part p : q.parts()) {
                if (text.contains(p.question())) {
                    return p;
                }
            }
        }
        return null;
    }

    /** The demo agent a planner would pick for a part: the one whose memory holds its fact. */
    private static String domainOf(Part p) {
        return DemoKnowledge.knowledge().stream()
                .filter(k -> k.content().equals(p.fact()))
                .map(io.d3mas.memory.Knowledge::agentId)
                .findFirst()
                .orElse("geo");
    }
}
