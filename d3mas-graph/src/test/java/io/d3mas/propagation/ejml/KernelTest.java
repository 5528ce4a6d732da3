package io.d3mas.propagation.ejml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.propagation.PropagationSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SIMD and scalar kernels: the same bits on every shape (whole vectors and a remainder, weights and a
 * projection), and the choice between them, including in JVMs that cannot run SIMD well.
 */
class KernelTest {

    static final PropagationSettings THREE = PropagationSettings.uniform(3, 1e-9, 1.0, 0.5);

    @Test
    void theTestsRunTheSimdKernel() {
        // surefire starts this JVM with --add-modules jdk.incubator.vector, so the other tests cover SIMD
        EjmlMessagePassing simd = new EjmlMessagePassing();
        assertTrue(simd.kernel().matches("SIMD \\d+-bit from 10000 nodes, scalar below"), simd.kernel());
        assertTrue(simd.name().matches("EjmlMessagePassing\\(W = I, SIMD \\d+-bit from 10000 nodes\\)"), simd.name());
        EjmlMessagePassing scalar = EjmlMessagePassing.builder().simd(false).build();
        assertEquals("scalar (SIMD turned off)", scalar.kernel());
        assertEquals("EjmlMessagePassing(W = I, scalar)", scalar.name());
    }

    @Test
    void simdAndScalarGiveTheSameBitsWhateverTheDimension() {
        // 3 and 37: no whole vector / a remainder after whole vectors; 64 and 384: the benchmark's dimensions,
        // 384 being long enough for the scalar kernel to copy rows first
        for (int d : new int[] {3, 37, 64, 384}) {
            GraphSnapshot g = KernelProbe.graph(700, 5000, d, d);
            assertSameBits(EjmlMessagePassing.builder(), g, "d=" + d);
        }
    }

    @Test
    void simdAndScalarGiveTheSameBitsWithWeightsAndAProjection() {
        Random random = new Random(17);
        EjmlMessagePassing.Builder b = EjmlMessagePassing.builder().projection(matrix(48, 20, random));
        b.weight(EdgeType.RELATE, matrix(20, 20, random)).weight(EdgeType.DEPEND, matrix(20, 20, random));
        assertSameBits(b, KernelProbe.graph(500, 3000, 48, 5), "W and P");
    }

    @Test
    void aJvmWithoutTheVectorModuleRunsTheScalarKernelWithTheSameBits() throws Exception {
        Probe run = probe(List.of());
        List<String> out = run.stdout();
        assertEquals("scalar (the JVM was started without --add-modules jdk.incubator.vector)", out.get(0));
        assertEquals(bits(simdEverywhere().propagate(graph(), THREE).embeddings()), rest(out));
        // the large graphs logged the way to SIMD, once
        String hint = "message passing runs its scalar kernel because the JVM was started without --add-modules"
                + " jdk.incubator.vector";
        assertEquals(1, run.stderr().split(Pattern.quote(hint), -1).length - 1, run.stderr());
    }

    @Test
    void aJvmWithoutTheOptimisingCompilerRunsTheScalarKernel() throws Exception {
        List<String> out = probe(List.of("--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1"))
                .stdout();
        assertEquals("scalar (the optimising compiler C2 is off (-XX:TieredStopAtLevel=1))", out.get(0));
        assertEquals(bits(simdEverywhere().propagate(graph(), THREE).embeddings()), rest(out));
    }

    @Test
    void aJvmWithTheVectorModuleRunsSimd() throws Exception {
        Probe run = probe(List.of("--add-modules", "jdk.incubator.vector"));
        assertTrue(run.stdout().get(0).startsWith("SIMD "), run.stdout().get(0));
        assertFalse(run.stderr().contains("scalar kernel"), run.stderr());
    }

    @Test
    void smallGraphsRunTheScalarKernelToSpareTheVectorApisWarmUp() {
        EjmlMessagePassing mp = new EjmlMessagePassing();
        assertEquals(Kernel.SCALAR, mp.kernelFor(EjmlMessagePassing.SIMD_FROM_NODES - 1));
        assertEquals(Kernel.SIMD, mp.kernelFor(EjmlMessagePassing.SIMD_FROM_NODES));
        assertEquals(
                Kernel.SCALAR, EjmlMessagePassing.builder().simd(false).build().kernelFor(1_000_000));
    }

    private static EjmlMessagePassing simdEverywhere() {
        return EjmlMessagePassing.builder().simdFrom(0).build();
    }

    /** The graph the probe propagates. */
    static GraphSnapshot graph() {
        return KernelProbe.graph(400, 2500, 24, 3);
    }

    /** Every value's bits, node by node in id order. */
    static String bits(Map<String, float[]> rows) {
        StringBuilder s = new StringBuilder();
        KernelProbe.sorted(rows).forEach((id, row) -> {
            s.append(id);
            for (float v : row) {
                s.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(v)));
            }
            s.append('\n');
        });
        return s.toString();
    }

    private static void assertSameBits(EjmlMessagePassing.Builder b, GraphSnapshot g, String what) {
        EjmlMessagePassing simd = b.simd(true).simdFrom(0).threads(2).build();
        assertTrue(simd.kernel().startsWith("SIMD"), simd.kernel());
        Map<String, float[]> a = simd.propagate(g, THREE).embeddings();
        Map<String, float[]> s =
                b.simd(false).threads(2).build().propagate(g, THREE).embeddings();
        assertEquals(a.keySet(), s.keySet(), what);
        for (String id : a.keySet()) {
            assertArrayEquals(s.get(id), a.get(id), what + " " + id); // exact: float equality per value
        }
    }

    private static float[][] matrix(int rows, int cols, Random random) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = (float) random.nextGaussian() / 4;
            }
        }
        return m;
    }

    private static String rest(List<String> lines) {
        StringBuilder s = new StringBuilder();
        lines.subList(1, lines.size()).forEach(l -> s.append(l).append('\n'));
        return s.toString();
    }

    private record Probe(List<String> stdout, String stderr) {}

    /** Runs {@link KernelProbe} in a child JVM with the given options (and not surefire's). */
    private static Probe probe(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KernelProbe.class.getName());
        Path err = Files.createTempFile("kernel-probe", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            byte[] stdout = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
            String stderr = Files.readString(err);
            assertEquals(0, p.exitValue(), stderr);
            return new Probe(List.of(new String(stdout, StandardCharsets.UTF_8).split("\n")), stderr);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
