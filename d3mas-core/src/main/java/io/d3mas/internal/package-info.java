/**
 * Internal: helpers shared by the SDK's packages. Not API: may change in any release, and left out of the
 * javadoc.
 */
@NullMarked
package io.d3mas.internal;

import org.jspecify.annotations.NullMarked;
