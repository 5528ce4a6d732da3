/** What a solve spent and saved: tokens, calls, timings and the three redundancy metrics. */
@NullMarked
package io.d3mas.metrics;

import org.jspecify.annotations.NullMarked;
