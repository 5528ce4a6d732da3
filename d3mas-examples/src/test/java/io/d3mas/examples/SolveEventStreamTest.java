package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d3mas.D3Mas;
import io.d3mas.embed.BgeEmbeddingModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A solve's events as server-sent events, read by the JDK's HTTP client as a browser's EventSource would. */
class SolveEventStreamTest {

    @Test
    void aSolveStreamsItsEventsThenItsResult() throws Exception {
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel();
                D3Mas team = DemoTeam.build(model);
                SolveEventStream stream = SolveEventStream.start(team, 0)) {
            String q = URLEncoder.encode("Which river flows through the capital of France?", StandardCharsets.UTF_8);
            HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stream.port() + "/solve?q=" + q))
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            List<String> names = new ArrayList<>();
            List<JsonNode> data = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("event: ")) {
                        names.add(line.substring(7));
                    } else if (line.startsWith("data: ")) {
                        data.add(new ObjectMapper().readTree(line.substring(6)));
                    }
                }
            }
            assertEquals(names.size(), data.size());
            assertTrue(
                    names.containsAll(List.of("decomposed", "assigned", "retrieved", "partial-answer", "finished")),
                    names.toString());
            assertEquals("result", names.get(names.size() - 1));
            assertTrue(data.get(data.size() - 1).get("answer").asText().contains("Seine"), data.toString());
            String solveId = data.get(data.size() - 1).get("solveId").asText();
            assertTrue(data.stream().allMatch(d -> d.get("solveId").asText().equals(solveId)));
            int first = names.indexOf("partial-answer");
            assertTrue(first < names.indexOf("finished"), "partial answers come before the end");
        }
    }

    @Test
    void aClientThatLeavesCancelsItsSolveEvenWhileAnAgentThinks() throws Exception {
        java.util.concurrent.CountDownLatch thinking = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel();
                D3Mas team = D3Mas.builder()
                        .embeddingModel(model)
                        .agent("slow", "rivers and cities", r -> {
                            thinking.countDown();
                            try {
                                Thread.sleep(60_000);
                            } catch (InterruptedException e) {
                                interrupted.countDown();
                                throw e;
                            }
                            return null;
                        })
                        .withoutMessagePassing()
                        .build();
                SolveEventStream stream = SolveEventStream.start(team, 0, java.time.Duration.ofMillis(100))) {
            java.net.Socket client = new java.net.Socket("127.0.0.1", stream.port());
            client.getOutputStream()
                    .write(("GET /solve?q=Which+river+flows+through+Paris%3F HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            assertTrue(thinking.await(30, java.util.concurrent.TimeUnit.SECONDS), "the agent never started");
            client.close(); // the browser tab is closed
            assertTrue(
                    interrupted.await(30, java.util.concurrent.TimeUnit.SECONDS),
                    "the solve went on after its client left");
        }
    }

    @Test
    void aRequestWithoutAQuestionIsToldHowToAsk() throws Exception {
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel();
                D3Mas team = DemoTeam.build(model);
                SolveEventStream stream = SolveEventStream.start(team, 0)) {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stream.port() + "/solve"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("/solve?q="), r.body());
        }
    }
}
