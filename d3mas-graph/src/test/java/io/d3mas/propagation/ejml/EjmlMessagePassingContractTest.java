package io.d3mas.propagation.ejml;

import io.d3mas.propagation.MessagePassing;
import io.d3mas.propagation.MessagePassingContractTest;

/** {@link EjmlMessagePassing} keeps the {@link MessagePassing} contract, with both kernels. */
class EjmlMessagePassingContractTest extends MessagePassingContractTest {

    @Override
    protected MessagePassing messagePassing() {
        return EjmlMessagePassing.builder().simdFrom(0).build();
    }

    /** The scalar kernel (graphs below the SIMD threshold). */
    static class Scalar extends MessagePassingContractTest {
        @Override
        protected MessagePassing messagePassing() {
            return EjmlMessagePassing.builder().simdFrom(Integer.MAX_VALUE).build();
        }
    }
}
