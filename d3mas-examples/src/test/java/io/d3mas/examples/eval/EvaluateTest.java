package io.d3mas.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.d3mas.examples.data.EvalDataset;
import io.d3mas.examples.data.EvalItem;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.llm.testing.LocalOpenAiServer.ChatCall;
import io.d3mas.llm.testing.LocalOpenAiServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness end to end: every method over the real OpenAI protocol against a local scripted server. */
class EvaluateTest {

    static final Path ARC = EvalDatasetTest.FIXTURES.resolve("arc.jsonl");
    /** D³MAS's offline retrieval and the same sub-tasks without coordination. */
    static final String PAIR = "retrieval-d3mas,retrieval-d3mas-no-hand-over";

    static final List<EvalItem> ITEMS = EvalDataset.ARC_EASY.load(ARC);

    /** The first agent in the supervisor's list: {'a0$0', 'description', [question: String]}. */
    private static final Pattern FIRST_AGENT = Pattern.compile("available agents is: '\\{'([^'$]+)");

    /** Answers each question with its gold label, in the shape each caller asks for. */
    static Reply knowsTheAnswers(ChatCall call) {
        String all =
                call.messages().stream().map(LocalOpenAiServer.Message::content).collect(Collectors.joining("\n"));
        String gold = ITEMS.stream()
                .filter(i -> all.contains(i.question()))
                .map(i -> i.answers().get(0))
                .findFirst()
                .orElse("?");
        String system = call.system();
        if (system.startsWith("You plan the work")) {
            return Reply.text("{\"atomic\": true, \"subtasks\": []}");
        }
        if (system.contains("planner expert")) {
            // langchain4j-agentic's supervisor: ask the first expert once, then finish with its answer
            boolean asked = call.messages().stream().anyMatch(m -> m.role().equals("assistant"));
            Matcher first = FIRST_AGENT.matcher(system);
            return Reply.text(
                    asked || !first.find()
                            ? "{\"agentName\": \"done\", \"arguments\": {\"response\": \"Answer: " + gold + "\"}}"
                            : "{\"agentName\": \"" + first.group(1)
                                    + "\", \"arguments\": {\"question\": \"which one?\"}}");
        }
        if (system.startsWith("You are agent") && system.contains("Reply with JSON only")) {
            return Reply.text("{\"answer\": \"Answer: " + gold + "\", \"premises\": [], \"confidence\": 0.9,"
                    + " \"needs\": [], \"usedMemory\": [], \"conclusion\": \"Answer: " + gold + "\"}");
        }
        if (system.startsWith("You write the final answer")) {
            return Reply.text("{\"used\": [\"C1\"], \"answer\": \"Answer: " + gold + "\"}");
        }
        return Reply.text("Thinking it over.\nAnswer: " + gold);
    }

    record Run(int code, String out, String err) {}

    static Run evaluate(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Evaluate.run(
                argv,
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The ARC fixture with three agents against {@code server}, writing to {@code out}, plus {@code options}. */
    static Run onArc(LocalOpenAiServer server, Path out, String... options) {
        List<String> argv = new ArrayList<>(List.of(
                "--dataset",
                "arc-easy",
                "--data",
                ARC.toString(),
                "--agents",
                "3",
                "--out",
                out.toString(),
                "--base-url",
                server.baseUrl()));
        argv.addAll(List.of(options));
        return evaluate(argv.toArray(String[]::new));
    }

    static List<JsonNode> rows(Path out) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(ResultsFile.RESULTS))) {
            rows.add(ResultsFile.JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void everyMethodAnswersOverTheRealProtocolAndTheReportIsWritten(@TempDir Path out) throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(EvaluateTest::knowsTheAnswers)) {
            Run r = onArc(
                    server,
                    out,
                    "--method",
                    "all",
                    "--limit",
                    "2",
                    "--samples",
                    "3",
                    "--debate-rounds",
                    "2",
                    "--model",
                    "scripted");
            assertEquals(0, r.code(), r.err());
            List<JsonNode> rows = rows(out);
            assertEquals(15 * 2, rows.size(), "every LLM method but the gold replay, on 2 items");
            Map<String, Integer> expectedCalls = Map.of(
                    "single", 1, "cot", 1, "cot-sc", 3, "chain", 3, "star", 4, "debate", 6, "agentic-supervisor", 3);
            for (JsonNode row : rows) {
                String m = row.get("method").asText();
                assertEquals(1.0, row.get("accuracy").asDouble(), m + ": " + row);
                assertEquals("", row.get("error").asText(), m);
                assertTrue(row.get("inputTokens").asLong() > 0, m);
                if (expectedCalls.containsKey(m)) {
                    assertEquals(expectedCalls.get(m), row.get("calls").asInt(), m);
                } else {
                    assertTrue(row.get("calls").asInt() >= 1, m);
                    Path trace = out.resolve(row.get("trace").asText());
                    assertTrue(Files.isRegularFile(trace), trace.toString());
                }
            }
            JsonNode chain = rows.stream()
                    .filter(x -> x.get("method").asText().equals("chain"))
                    .findFirst()
                    .get();
            assertEquals(1.0, chain.get("taskRedundancy").asDouble(), "every chain agent works on the whole question");
            assertEquals(3, chain.get("taskPairs").asInt());

            long sampled = 0;
            for (ChatCall c : server.calls()) {
                JsonNode t = ResultsFile.JSON.readTree(c.body()).path("temperature");
                sampled += Math.abs(t.asDouble(-1) - 0.7) < 1e-6 ? 1 : 0;
            }
            assertEquals(3 * 2, sampled, "CoT-SC's samples, and only they, at temperature 0.7");

            JsonNode results =
                    ResultsFile.JSON.readTree(out.resolve("results.json").toFile());
            assertEquals(15, results.get("methods").size());
            assertEquals(2, results.get("items").asInt());
            for (JsonNode m : results.get("methods")) {
                assertEquals(1.0, m.get("accuracy").asDouble(), m.toString());
            }
            java.util.Set<String> compared = new java.util.HashSet<>();
            for (JsonNode c : results.get("comparisons")) {
                assertEquals("d3mas", c.get("method").asText(), c.toString());
                assertEquals(2, c.get("items").asInt(), c.toString());
                assertTrue(c.get("low").asDouble() <= c.get("high").asDouble(), c.toString());
                compared.add(c.get("reference").asText() + "/" + c.get("metric").asText());
            }
            for (String ref : List.of(
                    "d3mas-no-hand-over", "single", "cot", "cot-sc", "chain", "star", "debate", "agentic-supervisor")) {
                assertTrue(compared.contains(ref + "/accuracy") && compared.contains(ref + "/tokens"), ref);
            }
            assertTrue(compared.contains("chain/memoryRedundancy"));
            assertFalse(compared.contains("single/memoryRedundancy"), "one agent cannot be redundant");
            String html = Files.readString(out.resolve("report.html"));
            assertTrue(html.contains("<th>point</th>"), "the accuracy chart's points are keyed in a table");
            assertTrue(html.contains("Accuracy against tokens (Figure 7)"));
            assertTrue(html.contains("Redundancy by method (Figure 1)"));
            assertEquals(3, html.split("<svg", -1).length - 1, "three inline SVG charts");
            assertFalse(html.contains("<script"), "the report runs no script");
            assertFalse(html.contains("http://") && html.contains("src=\"http"), "nothing is fetched");
            assertTrue(r.out().contains("| d3mas-flat |"), r.out());
        }
    }

    @Test
    void aBadKeyStopsTheRunAfterOneRequestSayingWhatToFix(@TempDir Path out) throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> Reply.status(401, "Incorrect API key provided"))) {
            Run r = onArc(server, out, "--method", "single,chain,d3mas", "--limit", "3", "--parallel", "1");
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("authentication failed for model"), r.err());
            assertEquals(1, server.callCount(), "the run went on with a key the server refused");
        }
    }

    @Test
    void everyMethodStaysWithinTheSameTokenBudget(@TempDir Path out) throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(EvaluateTest::knowsTheAnswers)) {
            Run r = onArc(
                    server,
                    out,
                    "--method",
                    "single,cot-sc,chain,star,debate,d3mas",
                    "--limit",
                    "2",
                    "--token-budget",
                    "400");
            assertEquals(0, r.code(), r.err());
            boolean someStopped = false;
            for (JsonNode row : rows(out)) {
                long tokens = row.get("inputTokens").asLong()
                        + row.get("outputTokens").asLong();
                assertTrue(tokens <= 400, row.get("method").asText() + " spent " + tokens);
                someStopped |= !row.get("stopped").asText().isEmpty();
            }
            assertTrue(someStopped, "debate over 3 agents and 2 rounds does not fit in 400 tokens");
        }
    }

    @Test
    void anInterruptedRunResumesWithoutRepeatingWork(@TempDir Path out) throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(EvaluateTest::knowsTheAnswers)) {
            String[] first = {
                "--dataset",
                "arc-easy",
                "--data",
                ARC.toString(),
                "--method",
                "single,chain",
                "--agents",
                "3",
                "--limit",
                "1",
                "--out",
                out.toString(),
                "--base-url",
                server.baseUrl()
            };
            assertEquals(0, evaluate(first).code());
            assertEquals(4, server.callCount());

            String[] more = first.clone();
            more[9] = "2";
            Run second = evaluate(more);
            assertEquals(0, second.code(), second.err());
            assertTrue(second.err().contains("2 rows already there"), second.err());
            assertEquals(8, server.callCount(), "only the new item was run");
            assertEquals(4, rows(out).size());

            // a crash mid-write leaves half a line: it is dropped and nothing runs again
            Files.writeString(out.resolve(ResultsFile.RESULTS), "{\"method\":\"sing", StandardOpenOption.APPEND);
            assertEquals(0, evaluate(more).code());
            assertEquals(8, server.callCount());
            assertEquals(4, rows(out).size());

            String[] otherSeed = new String[more.length + 2];
            System.arraycopy(more, 0, otherSeed, 0, more.length);
            otherSeed[more.length] = "--seed";
            otherSeed[more.length + 1] = "2";
            Run refused = evaluate(otherSeed);
            assertEquals(1, refused.code());
            assertTrue(refused.err().contains("seed was 1, now 2"), refused.err());
        }
    }

    @Test
    void itemsRunInParallelGiveTheSameRows(@TempDir Path dir) throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(EvaluateTest::knowsTheAnswers)) {
            List<List<String>> seen = new ArrayList<>();
            for (String parallel : List.of("1", "3")) {
                Path out = dir.resolve("p" + parallel);
                Run r = onArc(server, out, "--method", "single,chain,d3mas", "--parallel", parallel);
                assertEquals(0, r.code(), r.err());
                List<String> rows = new ArrayList<>();
                for (JsonNode row : rows(out)) {
                    assertEquals(1.0, row.get("accuracy").asDouble(), row.toString());
                    rows.add(row.get("method").asText() + " "
                            + row.get("itemId").asText() + " "
                            + row.get("calls").asInt() + " " + row.get("output").asText());
                }
                rows.sort(null);
                seen.add(rows);
            }
            assertEquals(9, seen.get(0).size());
            assertEquals(seen.get(0), seen.get(1));
        }
    }

    @Test
    void humanEvalIsScoredByRunningTheTestsInTheSandbox(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(PythonSandbox.find(Duration.ofSeconds(5)).isPresent(), "skipped: no python3");
        LocalOpenAiServer.Responder coder = call -> call.lastUser().contains("def add_all")
                ? Reply.text("```python\ndef add_all(xs: List[int]) -> int:\n    return sum(xs)\n```")
                : Reply.text("```python\n    return n % 2 == 1\n```");
        try (LocalOpenAiServer server = LocalOpenAiServer.start(coder)) {
            Run r = evaluate(
                    "--dataset",
                    "humaneval",
                    "--data",
                    EvalDatasetTest.FIXTURES.resolve("code-tasks.jsonl.gz").toString(),
                    "--method",
                    "single",
                    "--out",
                    out.toString(),
                    "--base-url",
                    server.baseUrl());
            assertEquals(0, r.code(), r.err());
            List<JsonNode> rows = rows(out);
            assertEquals(
                    1.0, rows.get(0).get("accuracy").asDouble(), rows.get(0).toString());
            assertEquals("passed", rows.get(0).get("extracted").asText());
            assertEquals(0.0, rows.get(1).get("accuracy").asDouble());
            assertTrue(
                    rows.get(1).get("extracted").asText().contains("AssertionError"),
                    rows.get(1).toString());
        }
    }

    @Test
    void theOfflineRetrievalComparisonNeedsNoModel(@TempDir Path out) throws Exception {
        Run r = retrieval(EvalDatasetTest.FIXTURES.resolve("musique.jsonl"), "retrieval", out);
        assertEquals(0, r.code(), r.err());
        List<JsonNode> rows = rows(out);
        assertEquals(10, rows.size(), "2 items × 5 retrieval methods");
        for (JsonNode row : rows) {
            assertTrue(row.get("accuracy").isNull());
            assertFalse(row.get("supportingRecall").isNull(), row.toString());
            assertEquals(0, row.get("calls").asInt());
            String m = row.get("method").asText();
            if (m.startsWith("retrieval-single")) {
                assertEquals(0.0, row.get("memoryRedundancy").asDouble());
            }
            assertEquals(2, row.get("supportingTotal").asInt(), row.toString());
        }
        JsonNode results = ResultsFile.JSON.readTree(out.resolve("results.json").toFile());
        assertNull(results.get("methods").get(0).get("accuracy").textValue());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Recall at a paragraph budget"));
        assertTrue(html.contains("Against the strongest simple alternatives"));
        assertTrue(results.get("comparisons").size() > 0, results.toString());
        assertFalse(html.contains("Accuracy against tokens"), "no method answered, so no accuracy chart");
    }

    /** Offline {@code methods} on MuSiQue-format {@code data} into {@code out}, plus {@code options}. */
    static Run retrieval(Path data, String methods, Path out, String... options) {
        List<String> argv = new ArrayList<>(List.of(
                "--dataset",
                "musique",
                "--data",
                data.toString(),
                "--method",
                methods,
                "--agents",
                "2",
                "--k",
                "2",
                "--threshold",
                "0.3",
                "--out",
                out.toString()));
        argv.addAll(List.of(options));
        return evaluate(argv.toArray(String[]::new));
    }

    @Test
    void aRunFolderRecordsItsDataAndRefusesRowsOfOtherData(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(EvalDatasetTest.FIXTURES.resolve("musique.jsonl"));
        Path a = Files.createDirectories(dir.resolve("a")).resolve("musique.jsonl");
        Path b = Files.createDirectories(dir.resolve("b")).resolve("musique.jsonl");
        Path moved = Files.createDirectories(dir.resolve("moved")).resolve("musique.jsonl");
        Files.write(a, lines);
        Files.write(moved, lines);
        Files.write(b, lines.subList(0, 1)); // another split under the same name
        Path out = dir.resolve("run");
        assertEquals(0, retrieval(a, PAIR, out).code());
        JsonNode run = ResultsFile.JSON.readTree(out.resolve(ResultsFile.RUN).toFile());
        assertEquals(
                a.toAbsolutePath().normalize().toString(), run.get("dataPath").asText());
        assertEquals(64, run.get("identity").get("dataSha256").asText().length());
        assertEquals(List.of("2hop__1_2", "3hop1__3_4_5"), ResultsFile.JSON.convertValue(run.get("items"), List.class));

        Run other = retrieval(b, PAIR, out);
        assertEquals(1, other.code());
        assertTrue(
                other.err().contains("holds rows of other data")
                        && other.err().contains(a.toAbsolutePath().normalize().toString())
                        && other.err().contains("use another --out"),
                other.err());
        assertEquals(4, rows(out).size(), "nothing was added");
        Run same = retrieval(moved, PAIR, out);
        assertEquals(0, same.code(), "the same content elsewhere is the same data: " + same.err());
        assertEquals(4, rows(out).size(), "and its rows are reused");
    }

    @Test
    void repeatsReportTheirSpreadAndPairedDifferencesWithIntervals(@TempDir Path out) throws Exception {
        Run r = retrieval(EvalDatasetTest.FIXTURES.resolve("musique.jsonl"), PAIR, out, "--repeat", "3");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> rows = rows(out);
        assertEquals(2 * 2 * 3, rows.size(), "2 items × 2 methods × 3 repeats");
        assertEquals(
                java.util.Set.of(0, 1, 2),
                rows.stream().map(x -> x.get("repeat").asInt()).collect(Collectors.toSet()));
        JsonNode results = ResultsFile.JSON.readTree(out.resolve("results.json").toFile());
        JsonNode spread = results.get("methods").get(0).get("acrossRepeats").get("memoryRedundancy");
        assertEquals(3, spread.get("n").asInt(), results.toString());
        assertTrue(spread.get("min").asDouble() <= spread.get("mean").asDouble());
        assertTrue(spread.get("mean").asDouble() <= spread.get("max").asDouble());
        JsonNode pair = results.get("comparisons").get(0);
        assertEquals("retrieval-d3mas", pair.get("method").asText());
        assertEquals("retrieval-d3mas-no-hand-over", pair.get("reference").asText());
        assertEquals(2, pair.get("items").asInt(), "paired per item, over its repeats");
        assertTrue(pair.get("low").asDouble() <= pair.get("difference").asDouble() + 1e-12, pair.toString());
        assertTrue(pair.get("difference").asDouble() <= pair.get("high").asDouble() + 1e-12, pair.toString());
        assertTrue(Files.readString(out.resolve("report.html")).contains("±"));
        assertEquals(2, results.get("methods").get(0).get("items").asInt(), "items, not runs");
        Run fewer = retrieval(EvalDatasetTest.FIXTURES.resolve("musique.jsonl"), PAIR, out, "--repeat", "2");
        assertEquals(0, fewer.code(), fewer.err());
        JsonNode two = ResultsFile.JSON.readTree(out.resolve("results.json").toFile());
        assertEquals(
                2,
                two.get("methods")
                        .get(0)
                        .get("acrossRepeats")
                        .get("memoryRedundancy")
                        .get("n")
                        .asInt(),
                "a smaller --repeat summarises only its repeats");
        assertEquals(2, evaluate("--dataset", "musique", "--repeat", "0").code());
    }

    /** The LLM team replays MuSiQue's gold hops: the decomposer model is never asked, each hop's agent is. */
    @Test
    void goldDecompositionReplaysTheHopsOverTheRealProtocol(@TempDir Path out) throws Exception {
        List<String> systems = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();
        LocalOpenAiServer.Responder hops = call -> {
            systems.add(call.system());
            String user = call.lastUser();
            if (call.system().startsWith("You write the final answer")) {
                String a = user.contains("Widget") ? "Jane Roe" : "Springfield";
                return Reply.text("{\"used\": [\"C1\"], \"answer\": \"Answer: " + a + "\"}");
            }
            String task =
                    user.lines().filter(l -> l.startsWith("<task>")).findFirst().orElse("");
            tasks.add(task);
            String a = task.contains("Widget") ? "Acme Gadgets" : task.contains("born") ? "Springfield" : "Jane Roe";
            return Reply.text("{\"answer\": \"" + a + "\", \"premises\": [], \"confidence\": 0.9, \"needs\": [],"
                    + " \"usedMemory\": [], \"conclusion\": \"" + a + "\"}");
        };
        try (LocalOpenAiServer server = LocalOpenAiServer.start(hops)) {
            Run r = evaluate(
                    "--dataset",
                    "musique",
                    "--data",
                    EvalDatasetTest.FIXTURES.resolve("musique.jsonl").toString(),
                    "--method",
                    "d3mas-gold,retrieval-d3mas-gold",
                    "--agents",
                    "2",
                    "--out",
                    out.toString(),
                    "--base-url",
                    server.baseUrl());
            assertEquals(0, r.code(), r.err());
            List<JsonNode> rows = rows(out);
            assertEquals(4, rows.size());
            for (JsonNode row : rows) {
                if (row.get("method").asText().equals("d3mas-gold")) {
                    assertEquals(1.0, row.get("accuracy").asDouble(), row.toString());
                    assertEquals(
                            2,
                            row.get("calls").asInt(),
                            "two hops; one terminal conclusion needs no synthesis: " + row);
                } else {
                    assertEquals(0, row.get("calls").asInt());
                }
            }
            assertTrue(systems.stream().noneMatch(s -> s.startsWith("You plan the work")), "no decomposer call");
            assertTrue(tasks.contains("<task>What is the founded by of Acme Gadgets?</task>"), tasks.toString());
            assertTrue(tasks.contains("<task>In which city was Jane Roe born?</task>"), tasks.toString());
        }
        Run hotpot = evaluate(
                "--dataset",
                "hotpotqa",
                "--method",
                "d3mas-gold",
                "--out",
                out.resolve("h").toString());
        assertEquals(2, hotpot.code());
        assertTrue(hotpot.err().contains("only musique has"), hotpot.err());
    }

    @Test
    void badUsageIsRefusedWithWhatToDo(@TempDir Path out) {
        Run noModel = evaluate("--dataset", "arc-easy", "--data", ARC.toString(), "--out", out.toString());
        assertEquals(2, noModel.code());
        assertTrue(
                noModel.err().contains("need a chat model") && noModel.err().contains("OPENAI_API_KEY"), noModel.err());
        Run method = evaluate("--dataset", "arc-easy", "--method", "tree-of-thought");
        assertEquals(2, method.code());
        assertTrue(method.err().contains("unknown method 'tree-of-thought'"), method.err());
        Run retrieval = evaluate("--dataset", "gsm8k", "--method", "retrieval");
        assertEquals(2, retrieval.code());
        assertTrue(retrieval.err().contains("only hotpotqa, hotpotqa-train and musique"), retrieval.err());
        Run parallel = evaluate("--dataset", "musique", "--method", "retrieval", "--parallel", "0");
        assertTrue(parallel.err().contains("--parallel must be between 1 and 64"), parallel.err());
        Run agents = evaluate("--dataset", "musique", "--method", "retrieval", "--agents", "nine");
        assertTrue(agents.err().contains("--agents must be a whole number"), agents.err());
        Run missing = evaluate("--dataset", "gsm8k", "--data", "no/such.jsonl", "--method", "retrieval-single");
        assertEquals(2, missing.code());
        Run help = evaluate("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--token-budget"));
    }

    @Test
    void aLargerLimitKeepsTheItemsOfASmallerOne() {
        List<EvalItem> three = Evaluate.sample(ITEMS, 0, 7);
        assertEquals(ITEMS, three);
        List<EvalItem> one = Evaluate.sample(ITEMS, 1, 7);
        List<EvalItem> two = Evaluate.sample(ITEMS, 2, 7);
        assertEquals(one.get(0), two.get(0));
        assertNotNull(one.get(0));
    }
}
