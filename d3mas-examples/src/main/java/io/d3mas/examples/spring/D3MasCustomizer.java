package io.d3mas.examples.spring;

import io.d3mas.D3Mas;

/**
 * Changes the builder of the auto-configured team after the properties are applied: checkpoints, an approver,
 * OpenTelemetry, your own decomposer. Every {@code D3MasCustomizer} bean is called, in {@code @Order}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface D3MasCustomizer {

    void customize(D3Mas.Builder builder);
}
