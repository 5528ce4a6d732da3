/**
 * Human approval: an {@link io.d3mas.approval.Approver} reviews tasks or answers before they go on; a solve waiting for one is suspended and resumed later.
 */
@NullMarked
package io.d3mas.approval;

import org.jspecify.annotations.NullMarked;
