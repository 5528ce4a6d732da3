package io.d3mas.propagation.ejml;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.jspecify.annotations.Nullable;

/**
 * Which {@link MessageSums} an {@link EjmlMessagePassing} runs: {@link SimdSums} when this JVM can run the
 * Vector API well, {@link ScalarSums} otherwise. Both give the same bits; SIMD is 1.4–1.7× faster on large graphs
 * (docs/benchmarks.md).
 */
enum Kernel {
    SCALAR,
    SIMD;

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** SIMD if wanted and available, otherwise scalar. */
    static Kernel choose(boolean simdWanted) {
        return simdWanted && simdUnavailable() == null ? SIMD : SCALAR;
    }

    /** Why this JVM cannot use the SIMD kernel, or null when it can. Decided once per JVM. */
    static @Nullable String simdUnavailable() {
        return Availability.REASON;
    }

    /** A new instance for one thread's range of rows of k values. */
    MessageSums sums(int k) {
        return this == SIMD ? new SimdSums() : new ScalarSums(k);
    }

    /** "SIMD 512-bit" or "scalar". */
    String label() {
        return this == SIMD ? "SIMD " + SimdSums.vectorBits() + "-bit" : "scalar";
    }

    /** Loaded on first use, so the checks (and the Vector API's classes) cost nothing until a kernel is chosen. */
    private static final class Availability {

        static final @Nullable String REASON = check();

        private static @Nullable String check() {
            if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
                return "the JVM was started without --add-modules " + VECTOR_MODULE;
            }
            String jit = noOptimisingJit();
            if (jit != null) {
                return jit;
            }
            try {
                int bits = SimdSums.vectorBits();
                return bits >= 128 ? null : "this CPU's vectors are " + bits + " bits, too narrow to gain";
            } catch (LinkageError | RuntimeException e) {
                return "the Vector API did not load: " + e;
            }
        }

        /**
         * Without C2 the Vector API runs as plain Java objects, far slower than the scalar kernel: -Xint, or
         * tiered compilation stopped before level 4 (a common setting for quick start-up).
         */
        private static @Nullable String noOptimisingJit() {
            try {
                HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                if (vm == null) {
                    return null;
                }
                if ("false".equals(vm.getVMOption("UseCompiler").getValue())) {
                    return "the JIT compiler is off (-Xint)";
                }
                int level = Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue());
                if (level < 4
                        && "true".equals(vm.getVMOption("TieredCompilation").getValue())) {
                    return "the optimising compiler C2 is off (-XX:TieredStopAtLevel=" + level + ")";
                }
                return null;
            } catch (RuntimeException | LinkageError e) { // not HotSpot, or options it does not have
                return null;
            }
        }
    }
}
