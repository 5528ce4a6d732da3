package io.d3mas.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PythonSandboxTest {

    static PythonSandbox sandbox;

    @BeforeAll
    static void find() {
        Optional<PythonSandbox> found = PythonSandbox.find(Duration.ofSeconds(3));
        Assumptions.assumeTrue(found.isPresent(), "skipped: no python3 on the PATH to run HumanEval completions");
        sandbox = found.get();
    }

    @Test
    void passingAndFailingTestsAreTold() {
        assertTrue(sandbox.run("assert 1 + 1 == 2\n").passed());
        PythonSandbox.Result fail = sandbox.run("def check():\n    assert 1 == 2, 'wrong sum'\ncheck()\n");
        assertFalse(fail.passed());
        assertEquals(1, fail.exitCode());
        assertTrue(fail.summary().contains("AssertionError: wrong sum"), fail.summary());
    }

    @Test
    void aRunawayLoopIsKilledAtTheTimeLimit() {
        long start = System.nanoTime();
        PythonSandbox.Result r = sandbox.run("while True:\n    pass\n");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(r.timedOut());
        assertEquals("timed out", r.summary());
        assertTrue(ms < 9_000, "killed near the 3 s limit, took " + ms + " ms");
    }

    @Test
    void theCodeCannotReachTheNetworkEvenOnLoopback() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            AtomicBoolean reached = new AtomicBoolean();
            Thread accept = new Thread(() -> {
                try (Socket s = server.accept()) {
                    reached.set(true);
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            });
            accept.setDaemon(true);
            accept.start();
            String program = "import socket\n" + "socket.create_connection(('127.0.0.1', " + server.getLocalPort()
                    + "), timeout=2)\n";
            PythonSandbox.Result r = sandbox.run(program);
            assertFalse(r.passed(), "connecting must fail");
            Thread.sleep(200);
            assertFalse(reached.get(), "the server must see no connection");
            // with the guard bypassed, the network namespace still stops it where the kernel allows one
            if (sandbox.isolatesNetwork()) {
                String raw = "import _socket\ns = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)\n"
                        + "s.settimeout(2)\ns.connect(('127.0.0.1', " + server.getLocalPort() + "))\n";
                assertFalse(sandbox.run(raw).passed());
                Thread.sleep(200);
                assertFalse(reached.get());
            }
        }
    }

    @Test
    void theParentsEnvironmentDoesNotReachTheCode() {
        PythonSandbox.Result r = sandbox.run(
                "import os\nassert set(os.environ) <= {'PATH', 'HOME', 'LC_CTYPE'}, " + "sorted(os.environ)\n");
        assertTrue(r.passed(), r.summary());
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> PythonSandbox.find(Duration.ZERO));
    }
}
