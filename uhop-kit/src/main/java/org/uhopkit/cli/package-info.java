/**
 * The command line: {@code reproduce <experiment> [--profile quick|paper] [--dataset mnist|cifar10]
 * [--preset paper|official] [--out DIR]} ({@link org.uhopkit.cli.Reproduce}).
 */
package org.uhopkit.cli;
