/** Text helpers shared by the offline components. Not API. */
@NullMarked
package io.d3mas.text;

import org.jspecify.annotations.NullMarked;
