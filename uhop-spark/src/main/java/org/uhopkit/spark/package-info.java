/**
 * Runs the kit's experiments as Apache Spark tasks: {@link org.uhopkit.spark.SparkCellRunner} is the
 * {@link org.uhopkit.experiments.CellRunner} that {@code reproduce <experiment> --spark MASTER} finds on the class
 * path. Each cell of an experiment ({@link org.uhopkit.experiments.Experiment#cells}) becomes one task; the
 * driver assembles the parts in cell order and writes the same result set as a run on one machine.
 */
package org.uhopkit.spark;
