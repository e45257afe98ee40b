/** Speed benchmarks (run from the command line, never as unit tests). */
package org.uhopkit.bench;
