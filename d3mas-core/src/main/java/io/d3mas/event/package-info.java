/** Events for every step of a solve, for progress display and tracing. */
@NullMarked
package io.d3mas.event;

import org.jspecify.annotations.NullMarked;
