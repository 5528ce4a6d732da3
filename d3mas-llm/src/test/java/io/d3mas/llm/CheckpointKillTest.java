package io.d3mas.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.llm.testing.LocalOpenAiServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM solving against the loopback OpenAI-protocol server is killed with SIGKILL at random points; another
 * JVM resumes the solve from its file checkpoints. The server's own request log shows that no request answered
 * well before the kill is sent again, and the answer equals an uninterrupted run's.
 */
class CheckpointKillTest {

    private static final Duration LATENCY = Duration.ofMillis(300);

    /** One request as the server saw it: what was asked, when it came, and when its answer went out. */
    private record Seen(String asked, long receivedNanos) {
        long answeredNanos() {
            return receivedNanos + LATENCY.toNanos();
        }
    }

    @Test
    void aSolveKilledAtRandomPointsIsFinishedByAnotherJvmWithoutRepeatingFinishedCalls(@TempDir Path dir)
            throws Exception {
        ScriptedTeam script = new ScriptedTeam().decompose(LlmSolveTest.QUESTION, LlmSolveTest.SPLIT);
        List<Seen> seen = new CopyOnWriteArrayList<>();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> {
            seen.add(new Seen(c.system() + "\n" + c.firstUser(), System.nanoTime()));
            return script.respond(c).after(LATENCY);
        })) {
            Run whole = child(server, dir.resolve("whole"), "solve");
            String expected = whole.answer;
            int requests = seen.size();
            assertTrue(expected.contains("Seine"), expected);
            assertTrue(requests >= 3, "the uninterrupted solve made " + requests + " requests");

            Random random = new Random(11);
            for (int trial = 0; trial < requests; trial++) {
                seen.clear();
                Path checkpoints = dir.resolve("trial-" + trial);
                // killed while request k is in flight, 150-290 ms after it arrived: requests 1..k-1 were answered
                // (and checkpointed) at least 150 ms before
                int killAfter = trial + 1; // during each of the solve's calls in turn

                long extraMillis = 150 + random.nextInt(140);
                Process p = start(server, checkpoints, "solve");
                String solveId = readLine(p, "SOLVE ");
                while (seen.size() < killAfter && p.isAlive()) {
                    Thread.sleep(5);
                }
                Thread.sleep(extraMillis);
                p.destroyForcibly(); // SIGKILL on Linux and macOS
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                long killedAt = System.nanoTime();
                List<Seen> beforeKill = List.copyOf(seen);
                seen.clear();

                Run resumed = child(server, checkpoints, "resume", solveId);
                System.out.printf(
                        "checkpoint kill trial %d: killed after %d requests (+%d ms): %d requests before, %d after;"
                                + " uninterrupted %d%n",
                        trial, killAfter, extraMillis, beforeKill.size(), seen.size(), requests);
                assertEquals(expected, resumed.answer, "trial " + trial + ": killed after " + killAfter);
                for (Seen again : seen) {
                    for (Seen old : beforeKill) {
                        // answered 100 ms before the kill: its result was checkpointed
                        boolean longFinished = killedAt - old.answeredNanos() > 100_000_000L;
                        assertTrue(
                                !(longFinished && old.asked.equals(again.asked)),
                                "trial " + trial + ": a call answered before the kill was made again:\n" + again.asked);
                    }
                }
                assertEquals(
                        requests - (killAfter - 1),
                        seen.size(),
                        "trial " + trial + ": the resumed solve should ask only the unfinished calls");
            }
        }
    }

    private record Run(String answer) {}

    private static Run child(LocalOpenAiServer server, Path checkpoints, String... mode) throws Exception {
        Process p = start(server, checkpoints, mode);
        String answer;
        try {
            answer = readLine(p, "ANSWER ");
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "\n" + Files.readString(checkpoints.resolve("child-" + mode[0] + ".log")), e);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
        return new Run(answer);
    }

    private static Process start(LocalOpenAiServer server, Path checkpoints, String... mode) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CheckpointChild.class.getName(),
                server.baseUrl(),
                checkpoints.toString()));
        command.addAll(List.of(mode));
        Files.createDirectories(checkpoints);
        return new ProcessBuilder(command)
                .redirectError(checkpoints.resolve("child-" + mode[0] + ".log").toFile())
                .start();
    }

    /** The rest of the first stdout line that starts with {@code prefix}. */
    private static String readLine(Process p, String prefix) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new AssertionError("the child printed no '" + prefix + "' line; exit " + p.waitFor());
    }

    static {
        // the child JVMs read the test class path: surefire's manifest jar or the plain path
        assertTrue(System.getProperty("java.class.path").length() > 0);
        assertTrue(new File(System.getProperty("java.home")).isDirectory());
    }
}
