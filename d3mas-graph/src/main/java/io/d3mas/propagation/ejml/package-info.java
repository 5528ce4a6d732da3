/**
 * The EJML implementation of D³MAS message passing (ARCHITECTURE §6): one sparse matrix per edge type and
 * direction, six layer steps per iteration. Found by {@link java.util.ServiceLoader} when this module is on the
 * class path. Start with {@link io.d3mas.propagation.ejml.EjmlMessagePassing}.
 */
@NullMarked
package io.d3mas.propagation.ejml;

import org.jspecify.annotations.NullMarked;
