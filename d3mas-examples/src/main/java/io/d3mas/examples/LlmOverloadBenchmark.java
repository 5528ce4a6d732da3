package io.d3mas.examples;

import io.d3mas.D3Mas;
import io.d3mas.ModelUnavailableException;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.event.ModelCall;
import io.d3mas.event.SolveEvent;
import io.d3mas.examples.eval.CoordinationBenchmark;
import io.d3mas.llm.LlmAgent;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmConfig;
import io.d3mas.llm.LlmDecomposer;
import io.d3mas.llm.LlmSynthesizer;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.llm.testing.LocalOpenAiServer.Reply;
import io.d3mas.task.RuleBasedDecomposer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The LLM call policy under the traffic production brings (issue 18), over the real langchain4j OpenAI client
 * and a local OpenAI-protocol server: the demo's team and questions, answers in the shape each role asks for.
 * The storm runs two clients of the model, one for the decomposer and synthesizer and one for the agents;
 * the others one client.
 *
 * <ol>
 *   <li><b>Overload</b>: many concurrent solves through few call slots to a slow server, against the same
 *       solves with a slot for every call (no queue). Reports solves answered, requests, the ratio, calls
 *       abandoned after sending, and the wall time.
 *   <li><b>429 storm</b>: the server answers 429 with Retry-After to a share of requests; reports requests
 *       that reached it within a Retry-After of a 429 (a request already on its way, arriving within 50 ms, is
 *       not counted).
 *   <li><b>Bad key</b>: one solve against a server that answers 401; reports requests and the error.
 *   <li><b>Chaos</b>: 30 % 5xx, 10 % slower than the call timeout, 10 % malformed; reports solves that
 *       returned within their deadline × 1.1.
 * </ol>
 *
 * <p>Usage: {@code LlmOverloadBenchmark [--solves 64] [--latency-ms 1000] [--slots 8] [--call-timeout-ms 3000]
 * [--solve-timeout-s 60] [--storm-solves 32] [--storm-share 0.1] [--retry-after-ms 1000] [--chaos-solves 100]}
 */
public final class LlmOverloadBenchmark {

    private LlmOverloadBenchmark() {}

    private record Outcome(int answered, int solves, int requests, long abandoned, long millis, List<Long> took) {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = Args.parse(
                argv,
                Set.of(
                        "solves",
                        "latency-ms",
                        "slots",
                        "call-timeout-ms",
                        "solve-timeout-s",
                        "storm-solves",
                        "storm-share",
                        "retry-after-ms",
                        "chaos-solves"));
        int solves = Integer.parseInt(args.getOrDefault("solves", "64"));
        Duration latency = Duration.ofMillis(Long.parseLong(args.getOrDefault("latency-ms", "1000")));
        int slots = Integer.parseInt(args.getOrDefault("slots", "8"));
        Duration callTimeout = Duration.ofMillis(Long.parseLong(args.getOrDefault("call-timeout-ms", "3000")));
        Duration solveTimeout = Duration.ofSeconds(Long.parseLong(args.getOrDefault("solve-timeout-s", "60")));
        int stormSolves = Integer.parseInt(args.getOrDefault("storm-solves", "32"));
        double stormShare = Double.parseDouble(args.getOrDefault("storm-share", "0.1"));
        Duration retryAfter = Duration.ofMillis(Long.parseLong(args.getOrDefault("retry-after-ms", "1000")));
        int chaosSolves = Integer.parseInt(args.getOrDefault("chaos-solves", "100"));
        System.out.printf(
                Locale.ROOT,
                "machine: %s, %d cores, Java %s%n%n",
                CoordinationBenchmark.cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        SolveSettings settings = SolveSettings.defaults().toBuilder()
                .solveTimeout(solveTimeout)
                .taskTimeout(solveTimeout)
                .build();
        RuleBasedDecomposer rules = new RuleBasedDecomposer();
        try (BgeEmbeddingModel bge = DemoTeam.embeddingModel()) {
            // 1. overload
            LocalOpenAiServer.Responder slow =
                    call -> LlmTokenBenchmark.reply(call, rules, 200).after(latency);
            Outcome free = solveAll(bge, slow, solves, settings, false, b -> b.maxConcurrentCalls(solves * 8)
                    .callTimeout(callTimeout));
            Outcome queued = solveAll(bge, slow, solves, settings, false, b -> b.maxConcurrentCalls(slots)
                    .callTimeout(callTimeout));
            System.out.printf(
                    Locale.ROOT,
                    "overload: %d concurrent solves, %d ms per call, callTimeout %d ms, solveTimeout %d s%n",
                    solves,
                    latency.toMillis(),
                    callTimeout.toMillis(),
                    solveTimeout.toSeconds());
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %9s %9s %10s %9s %9s%n",
                    "",
                    "answered",
                    "requests",
                    "abandoned",
                    "wall s",
                    "p95 s");
            row("a slot for every call", free);
            row(slots + " slots (overloaded)", queued);
            System.out.printf(
                    Locale.ROOT,
                    "requests overloaded / free: %.3f   (target <= 1.2); answered %.1f %%   (target >= 95 %%)%n%n",
                    (double) queued.requests / free.requests,
                    100.0 * queued.answered / queued.solves);

            // 2. 429 storm
            Random random = new Random(7);
            List<Long> limitedAt = new CopyOnWriteArrayList<>();
            List<Long> arrivals = new CopyOnWriteArrayList<>();
            LocalOpenAiServer.Responder storm = call -> {
                long now = System.nanoTime();
                arrivals.add(now);
                boolean limit;
                synchronized (random) {
                    limit = random.nextDouble() < stormShare;
                }
                if (limit) {
                    limitedAt.add(now);
                    return Reply.rateLimited(retryAfter);
                }
                return LlmTokenBenchmark.reply(call, rules, 200).after(Duration.ofMillis(50));
            };
            Outcome stormed = solveAll(bge, storm, stormSolves, settings, true, b -> b.maxConcurrentCalls(slots));
            long inside = 0;
            for (long a : arrivals) {
                for (long l : limitedAt) {
                    long d = a - l;
                    if (d > 50_000_000L && d < retryAfter.toNanos()) {
                        inside++;
                        break;
                    }
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "429 storm: %d solves, %.0f %% of requests answered 429 with Retry-After %d ms: %d 429s, %d"
                            + " requests in all, %d arrived within a Retry-After of a 429   (target 0); %d of %d"
                            + " answered%n%n",
                    stormSolves,
                    stormShare * 100,
                    retryAfter.toMillis(),
                    limitedAt.size(),
                    arrivals.size(),
                    inside,
                    stormed.answered,
                    stormed.solves);

            // 3. bad key
            try (LocalOpenAiServer server =
                            LocalOpenAiServer.start(c -> Reply.status(401, "Incorrect API key provided"));
                    LlmClient client = client(server, b -> b);
                    D3Mas team = team(bge, client, settings, e -> {})) {
                String error;
                try {
                    team.solve(DemoKnowledge.questions().get(0).text());
                    error = "none: the solve returned";
                } catch (ModelUnavailableException e) {
                    error = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                System.out.printf(
                        Locale.ROOT, "bad key: %d request(s)   (target 1); error: %s%n%n", server.callCount(), error);
            }

            // 4. chaos
            Random chaosRandom = new Random(42);
            Duration chaosDeadline = Duration.ofSeconds(4);
            LocalOpenAiServer.Responder chaos = call -> {
                double p;
                synchronized (chaosRandom) {
                    p = chaosRandom.nextDouble();
                }
                if (p < 0.30) {
                    return Reply.status(500 + (int) (p * 10) % 4, "injected server error");
                }
                if (p < 0.40) {
                    return LlmTokenBenchmark.reply(call, rules, 200).after(Duration.ofMillis(1500));
                }
                if (p < 0.50) {
                    return Reply.text("{\"answer\": \"Paris\", \"conclusion\": ");
                }
                return LlmTokenBenchmark.reply(call, rules, 200);
            };
            SolveSettings chaosSettings = settings.toBuilder()
                    .solveTimeout(chaosDeadline)
                    .taskTimeout(Duration.ofSeconds(2))
                    .build();
            Outcome chaotic = solveAll(bge, chaos, chaosSolves, chaosSettings, false, b -> b.maxConcurrentCalls(slots)
                    .callTimeout(Duration.ofMillis(400)));
            long inTime = chaotic.took.stream()
                    .filter(t -> t <= chaosDeadline.toMillis() * 11 / 10)
                    .count();
            System.out.printf(
                    Locale.ROOT,
                    "chaos: %d solves, 30 %% 5xx, 10 %% timeouts, 10 %% malformed: %d returned within deadline x 1.1"
                            + "   (target all), %d answered without a failed task, slowest %d ms, %d requests%n",
                    chaosSolves,
                    inTime,
                    chaotic.answered,
                    Collections.max(chaotic.took),
                    chaotic.requests);
        }
    }

    private static void row(String name, Outcome o) {
        List<Long> t = new ArrayList<>(o.took);
        Collections.sort(t);
        long p95 = t.get(Math.min(t.size() - 1, (int) Math.ceil(t.size() * 0.95) - 1));
        System.out.printf(
                Locale.ROOT,
                "%-28s %5d/%-3d %9d %10d %9.1f %9.1f%n",
                name,
                o.answered,
                o.solves,
                o.requests,
                o.abandoned,
                o.millis / 1000.0,
                p95 / 1000.0);
    }

    private static LlmClient client(LocalOpenAiServer server, UnaryOperator<LlmClient.Builder> settings) {
        LlmConfig config = LlmConfig.builder()
                .baseUrl(server.baseUrl())
                .apiKey("sk-benchmark-0000000000000000")
                .model("bench")
                .build();
        // every client of the server's model shares its gate: a 429 pauses them all
        return settings.apply(LlmClient.builder(config.chatModel(LlmConfig.Role.AGENT))
                        .name("bench")
                        .modelKey(server.baseUrl() + " bench")
                        .maxOutputTokens(0))
                .build();
    }

    private static D3Mas team(
            BgeEmbeddingModel bge, LlmClient client, SolveSettings settings, io.d3mas.event.SolveListener listener) {
        return team(bge, client, client, settings, listener);
    }

    /** The demo's team: the decomposer and synthesizer on one client, the agents on another. */
    private static D3Mas team(
            BgeEmbeddingModel bge,
            LlmClient planner,
            LlmClient agents,
            SolveSettings settings,
            io.d3mas.event.SolveListener listener) {
        D3Mas.Builder b = D3Mas.builder()
                .embeddingModel(bge)
                .decomposer(new LlmDecomposer(planner))
                .synthesizer(new LlmSynthesizer(planner))
                .listener(listener)
                .settings(settings);
        LlmAgent agent = LlmAgent.of(agents);
        DemoKnowledge.agents().forEach(p -> b.agent(p, agent));
        D3Mas team = b.build();
        team.rememberAll(DemoKnowledge.knowledge());
        return team;
    }

    /** {@code n} concurrent solves of the demo's questions (cycled), after one warm-up solve not counted. */
    private static Outcome solveAll(
            BgeEmbeddingModel bge,
            LocalOpenAiServer.Responder responder,
            int n,
            SolveSettings settings,
            boolean twoClients,
            UnaryOperator<LlmClient.Builder> clientSettings)
            throws Exception {
        AtomicLong abandoned = new AtomicLong();
        AtomicInteger counting = new AtomicInteger();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(responder);
                LlmClient planner = client(server, clientSettings);
                LlmClient agents = twoClients ? client(server, clientSettings) : planner;
                D3Mas team = team(bge, planner, agents, settings, e -> {
                    if (counting.get() == 1
                            && e instanceof SolveEvent.ModelCalled m
                            && m.call().kind() == ModelCall.Kind.ABANDONED) {
                        abandoned.incrementAndGet();
                    }
                })) {
            List<String> questions = DemoKnowledge.questions().stream()
                    .map(DemoKnowledge.Question::text)
                    .toList();
            team.solve(questions.get(0));
            int warm = server.callCount();
            counting.set(1);
            ExecutorService callers = Executors.newFixedThreadPool(n);
            List<Future<long[]>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String q = questions.get(i % questions.size());
                futures.add(callers.submit(() -> {
                    long s = System.nanoTime();
                    try {
                        SolveResult r = team.solve(q);
                        boolean ok = r.usage().agentFailures().isEmpty()
                                && !r.answer().startsWith("No answer could be found");
                        return new long[] {ok ? 1 : 0, (System.nanoTime() - s) / 1_000_000};
                    } catch (RuntimeException e) {
                        return new long[] {0, (System.nanoTime() - s) / 1_000_000};
                    }
                }));
            }
            int answered = 0;
            List<Long> took = new ArrayList<>();
            for (Future<long[]> f : futures) {
                long[] r = f.get();
                answered += (int) r[0];
                took.add(r[1]);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            callers.shutdown();
            return new Outcome(answered, n, server.callCount() - warm, abandoned.get(), millis, took);
        }
    }
}
