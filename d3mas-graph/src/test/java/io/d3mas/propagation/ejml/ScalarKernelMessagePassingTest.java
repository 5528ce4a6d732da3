package io.d3mas.propagation.ejml;

/** Every test of {@link EjmlMessagePassingTest} again, on the scalar kernel. */
class ScalarKernelMessagePassingTest extends EjmlMessagePassingTest {

    @Override
    EjmlMessagePassing.Builder builder() {
        return EjmlMessagePassing.builder().simd(false);
    }
}
