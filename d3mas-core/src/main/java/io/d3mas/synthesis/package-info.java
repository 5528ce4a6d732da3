/** The final answer: the {@link io.d3mas.synthesis.Synthesizer} SPI and the offline extractive synthesizer. */
@NullMarked
package io.d3mas.synthesis;

import org.jspecify.annotations.NullMarked;
