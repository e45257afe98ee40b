package org.uhopkit.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

class ExperimentResultTest {

    private static ExperimentResult capacity;
    private static ExperimentResult maxVsAverage;
    private static ExperimentResult lossVsError;

    @TempDir
    Path tmp;

    @BeforeAll
    static void run() {
        capacity = Experiment.CAPACITY.run(Config.of(Dataset.MNIST).memorySizes(10, 20).runs(2)
                .methods(Method.MHM, Method.SPARSE_MHM, Method.MANHATTAN_MHM, Method.UHOP_MHM));
        maxVsAverage = Experiment.MAX_VS_AVERAGE.run(Config.of(Dataset.MNIST).memorySizes(10, 20).runs(1)
                .stageOneSteps(1, 5));
        lossVsError = Experiment.LOSS_VS_ERROR.run(Config.of(Dataset.MNIST).memorySizes(20).runs(4)
                .stageOneSteps(20));
    }

    /** The mean of the per-run errors of one method at one M, straight from the per-run table. */
    private static double meanOfRuns(ExperimentResult r, String method, int m) {
        Table t = r.runs();
        double[] e = t.where(t.stringColumn(ExperimentResult.METHOD).isEqualTo(method)
                .and(t.intColumn(ExperimentResult.M).isEqualTo(m))).doubleColumn(ExperimentResult.ERROR).asDoubleArray();
        assertThat(e).hasSize(2);
        return (e[0] + e[1]) / 2;
    }

    @Test
    void theMeanErrorAtAGridPointIsTheMeanOfItsRuns() {
        for (Method m : List.of(Method.MHM, Method.UHOP_MHM)) {
            for (int size : new int[] {10, 20}) {
                assertThat(capacity.meanError(m, GridPoint.m(size))).isCloseTo(meanOfRuns(capacity, m.label(), size),
                        within(1e-12));
            }
        }
    }

    @Test
    void aGridPointThatMatchesNoRowOrSeveralIsRefusedWithTheGrid() {
        assertThatThrownBy(() -> capacity.meanError(Method.MHM, GridPoint.m(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no summary row of MHM at (M=30) in this capacity result; its grid: preset in [paper], "
                        + "loss in [average, none], M in [10, 20], N in [0, 100], sigma in [NaN]");
        assertThatThrownBy(() -> capacity.meanError(Method.MHM, GridPoint.any()))
                .hasMessageStartingWith("2 summary rows of MHM match (any point) in this capacity result; name more of "
                        + "the grid to pick one: preset in [paper], loss in [none], M in [10, 20]");
        assertThatThrownBy(() -> capacity.summary("M", "errors"))
                .hasMessageStartingWith("no column 'errors' in capacity summary (MNIST, paper preset, quick profile); its columns are [dataset, preset");
    }

    @Test
    void theBestBaselineIsTheLowestMeanErrorAmongTheBaselines() {
        Table t = capacity.versusBestBaseline(Method.UHOP_MHM);
        assertThat(t.columnNames()).containsExactly("M", "best_baseline", "best_baseline_error", "uhop_error",
                "uhop_lower");
        assertThat(t.rowCount()).isEqualTo(2);
        for (Row row : t) {
            int m = row.getInt("M");
            String best = null;
            double lowest = Double.POSITIVE_INFINITY;
            for (String b : List.of("MHM", "Sparse MHM", "Man. MHM")) {
                double e = meanOfRuns(capacity, b, m);
                if (e < lowest) {
                    lowest = e;
                    best = b;
                }
            }
            double uhop = meanOfRuns(capacity, "U-Hop + MHM", m);
            assertThat(row.getString("best_baseline")).isEqualTo(best);
            assertThat(row.getDouble("best_baseline_error")).isCloseTo(lowest, within(1e-12));
            assertThat(row.getDouble("uhop_error")).isCloseTo(uhop, within(1e-12));
            assertThat(row.getBoolean("uhop_lower")).isEqualTo(uhop < lowest);
        }
        assertThatThrownBy(() -> capacity.versusBestBaseline(Method.MHM)).hasMessage("uhop must be a U-Hop method, got MHM");
        assertThatThrownBy(() -> maxVsAverage.versusBestBaseline(Method.UHOP_MHM))
                .hasMessageStartingWith("this max-vs-average result has no baseline at (preset=paper, M=10)");
    }

    @Test
    void theLossComparisonPairsBothLossesAtTheLargestN() {
        Table t = maxVsAverage.lossComparison();
        assertThat(t.rowCount()).isEqualTo(2);
        for (Row row : t) {
            int m = row.getInt("M");
            assertThat(row.getInt("N")).isEqualTo(5);
            double avg = maxVsAverage.meanError(Method.UHOP_MHM, GridPoint.m(m).withN(5).withLoss("average"));
            double max = maxVsAverage.meanError(Method.UHOP_MHM, GridPoint.m(m).withN(5).withLoss("max"));
            assertThat(row.getDouble("average_error")).isEqualTo(avg);
            assertThat(row.getDouble("max_error")).isEqualTo(max);
            assertThat(row.getBoolean("average_lower")).isEqualTo(avg < max);
        }
        assertThatThrownBy(() -> maxVsAverage.lossComparison(7)).hasMessageStartingWith(
                "this max-vs-average result has no U-Hop + MHM row at N = 7");
        assertThatThrownBy(() -> capacity.lossComparison(100)).hasMessage(
                "this capacity result lacks the max loss at (preset=paper, M=10)");
    }

    @Test
    void onlyTheLossVsErrorExperimentCarriesACorrelation() {
        assertThat(capacity.correlation()).isEmpty();
        Correlation c = lossVsError.correlation().orElseThrow();
        assertThat(c.pairs()).isEqualTo(4);
        assertThat(c.pearson()).isBetween(-1.0, 1.0);
        assertThat(c.toString()).startsWith("Pearson r = ").endsWith(" (4 runs)");
    }

    @Test
    void aWrittenResultSetReadsBackEqual() {
        for (ExperimentResult r : List.of(capacity, maxVsAverage, lossVsError)) {
            Path set = r.write(tmp).get(0).getParent();
            ExperimentResult back = ExperimentResult.read(set);
            assertThat(back.provenance()).isEqualTo(r.provenance());
            assertThat(back.summaryRows()).isEqualTo(r.summaryRows());
            assertThat(back.runs().columnNames()).isEqualTo(r.runs().columnNames());
            for (String c : r.runs().columnNames()) {
                assertThat(back.runs().column(c).asList()).as(c).isEqualTo(r.runs().column(c).asList());
            }
            assertThat(back.correlation()).isEqualTo(r.correlation());
            assertThat(back.timings().started()).isEqualTo(r.timings().started());
            assertThat(back.figures()).hasSameSizeAs(r.figures());
        }
    }

    @Test
    void aFailedWriteLeavesNothingBehindAndKeepsWhatWasInTheWay() throws IOException {
        Path inTheWay = Files.writeString(tmp.resolve(capacity.stem()), "mine");
        assertThatThrownBy(() -> capacity.write(tmp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a file is in the way: " + inTheWay);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).containsExactly(inTheWay);
        }
        assertThatThrownBy(() -> ExperimentResult.read(tmp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a result set: " + tmp.resolve("provenance.json").toAbsolutePath() + " is missing");
    }

    @Test
    void theSummaryHasNoTimingsAndTheTimingsMatchTheRuns() {
        assertThat(capacity.summary().columnNames()).doesNotContain(ExperimentResult.SECONDS);
        Table t = capacity.timings().perRun();
        assertThat(t.rowCount()).isEqualTo(capacity.runs().rowCount());
        assertThat(Arrays.stream(t.doubleColumn(ExperimentResult.SECONDS).asDoubleArray()).allMatch(s -> s >= 0))
                .isTrue();
        assertThat(capacity.timings().wallSeconds()).isPositive();
    }
}
