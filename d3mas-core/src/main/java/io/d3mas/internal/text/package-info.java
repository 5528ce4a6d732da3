/**
 * Internal: text heuristics shared by the offline components (answer extraction, comparisons, normalisation).
 * Not API: may change in any release, and left out of the javadoc.
 */
@NullMarked
package io.d3mas.internal.text;

import org.jspecify.annotations.NullMarked;
