package io.d3mas.synthesis;

/** {@link ExtractiveSynthesizer} keeps the {@link Synthesizer} contract. */
class ExtractiveSynthesizerContractTest extends SynthesizerContractTest {

    @Override
    protected Synthesizer synthesizer() {
        return new ExtractiveSynthesizer();
    }
}
