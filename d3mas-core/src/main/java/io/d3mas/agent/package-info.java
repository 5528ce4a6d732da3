/** Agents: the {@link io.d3mas.agent.Agent} SPI, its request and result, and the offline retrieval agent. */
@NullMarked
package io.d3mas.agent;

import org.jspecify.annotations.NullMarked;
