package io.d3mas.examples.eval;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs model-written Python (HumanEval completions with their tests) in a separate process, never in this JVM:
 *
 * <ul>
 *   <li>a fresh temporary working directory, deleted afterwards, and an environment holding only {@code PATH}
 *       and {@code HOME} (that directory): no API key or other secret of the parent reaches the code;
 *   <li>no network: inside a new network namespace ({@code unshare --net}, where the kernel allows it; the
 *       namespace has only a loopback that is down), and in any case with Python's {@code socket} creation
 *       disabled before the code runs;
 *   <li>a wall-clock limit, after which the process and all its descendants are killed;
 *   <li>address space limited to 2 GiB, files written limited to 16 MiB, at most 64 processes;
 *   <li>{@code python3 -I}: isolated mode, no user site-packages, no {@code PYTHON*} variables.
 * </ul>
 *
 * This contains honest mistakes and runaway loops; it is not a defence against code written to escape a
 * sandbox. Run the harness in a container or VM for untrusted models.
 */
public final class PythonSandbox {

    /**
     * The outcome of one run.
     *
     * @param passed the program exited with status 0 within the time limit
     * @param timedOut it was killed at the time limit
     * @param exitCode its exit status (-1 when killed)
     * @param errorTail the last lines of its standard error, for the results file
     */
    public record Result(boolean passed, boolean timedOut, int exitCode, String errorTail) {
        /** One line for the results: "passed", "timed out", or the exit status and last error line. */
        public String summary() {
            if (passed) {
                return "passed";
            }
            if (timedOut) {
                return "timed out";
            }
            String[] lines = errorTail.strip().split("\\R");
            return "exit " + exitCode + (lines.length == 0 ? "" : ": " + lines[lines.length - 1]);
        }
    }

    private static final String GUARD = String.join(
            "\n",
            "import resource, socket as _socket",
            "for _r, _v in ((resource.RLIMIT_AS, 2 << 30), (resource.RLIMIT_FSIZE, 16 << 20),"
                    + " (resource.RLIMIT_NPROC, 64)):",
            "    try:",
            "        resource.setrlimit(_r, (_v, _v))",
            "    except (ValueError, OSError):",
            "        pass",
            "def _no_network(*a, **k):",
            "    raise OSError('network access is disabled in the D3MAS evaluation sandbox')",
            "_socket.socket = _no_network",
            "_socket.create_connection = _no_network",
            "_socket.socketpair = _no_network",
            "del _r, _v",
            "",
            "");

    private final String python;
    private final boolean netNamespace;
    private final Duration timeout;

    private PythonSandbox(String python, boolean netNamespace, Duration timeout) {
        this.python = python;
        this.netNamespace = netNamespace;
        this.timeout = timeout;
    }

    /**
     * A sandbox on the first {@code python3} on the {@code PATH}, or empty when there is none.
     *
     * @param timeout the wall-clock limit per program
     * @throws IllegalArgumentException when the timeout is not positive
     */
    public static Optional<PythonSandbox> find(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sandbox timeout must be positive, was " + timeout);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "python3");
            if (Files.isExecutable(p)) {
                Optional<String> real = executable(p.toString());
                if (real.isPresent()) {
                    boolean ns = works(List.of("unshare", "--net", "--map-root-user", real.get(), "-c", "pass"));
                    return Optional.of(new PythonSandbox(real.get(), ns, timeout));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the code runs in its own network namespace (else only the socket guard stops network use). */
    public boolean isolatesNetwork() {
        return netNamespace;
    }

    /** Runs a program to completion or to the time limit. */
    public Result run(String program) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("d3mas-sandbox-");
            Path script = dir.resolve("program.py");
            Files.writeString(script, GUARD + program, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>();
            if (netNamespace) {
                command.addAll(List.of("unshare", "--net", "--map-root-user"));
            }
            command.addAll(List.of(python, "-I", "-B", script.toString()));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(dir.resolve("stdout.txt").toFile())
                    .redirectError(dir.resolve("stderr.txt").toFile());
            Map<String, String> env = pb.environment();
            String pathVar = env.getOrDefault("PATH", "/usr/bin:/bin");
            env.clear();
            env.put("PATH", pathVar);
            env.put("HOME", dir.toString());
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                kill(p);
                return new Result(false, true, -1, tail(dir.resolve("stderr.txt")));
            }
            int code = p.exitValue();
            return new Result(code == 0, false, code, tail(dir.resolve("stderr.txt")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + python + " in a sandbox: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, true, -1, "interrupted");
        } finally {
            if (dir != null) {
                delete(dir);
            }
        }
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
    }

    private static String tail(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int from = Math.max(0, bytes.length - 2000);
        return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }

    /**
     * The interpreter itself ({@code sys.executable}), so that wrappers such as pyenv's shims, which add variables
     * of their own, are not in the way of the sandbox's clean environment.
     */
    private static Optional<String> executable(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.executable)")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean works(List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is not worth failing a score for
        }
    }
}
