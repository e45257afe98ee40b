/**
 * The command line: {@code reproduce <experiment>|all [--profile quick|paper] [--dataset mnist|cifar10]
 * [--preset paper|official] [--out DIR]} ({@link org.uhopkit.cli.Reproduce}). The experiments are those of
 * {@link org.uhopkit.experiments.Experiments}; every bad option value is named with its valid choices, and the
 * destination is checked before anything runs.
 */
package org.uhopkit.cli;
