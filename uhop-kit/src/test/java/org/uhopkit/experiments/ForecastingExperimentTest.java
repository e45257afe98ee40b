package org.uhopkit.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uhopkit.cli.Reproduce;
import org.uhopkit.nn.stanhop.ForecastRun;
import org.uhopkit.nn.stanhop.ForecastTraining;
import org.uhopkit.nn.stanhop.StanHopConfig;
import tech.tablesaw.api.Table;

/** The forecasting experiment's cells, assembly (Table 8 arithmetic) and command line, without training. */
class ForecastingExperimentTest {

    static final ForecastingExperiment E = Experiment.FORECASTING;

    @Test
    void cellsCoverHorizonsSeedsAndBothVariantsInOrder() {
        Config quick = Config.of(Dataset.ETTH1);
        assertThat(E.cells(quick)).extracting(Cell::label).containsExactly("h=96 seed 0 plain", "h=96 seed 0 uhop");
        Config paper = quick.profile(Profile.PAPER);
        List<Cell> cells = E.cells(paper);
        assertThat(cells).hasSize(4 * 3 * 2);
        assertThat(cells.get(0).label()).isEqualTo("h=96 seed 0 plain");
        assertThat(cells.get(23).label()).isEqualTo("h=720 seed 2 uhop");
        assertThat(E.stem(quick)).isEqualTo("forecasting-etth1-h96-mae-quick");
        assertThat(E.stem(paper.dataset(Dataset.WTH).taskLoss("mse"))).isEqualTo(
                "forecasting-wth-h96+192+336+720-mse-paper");
        assertThat(E.datasets()).containsExactlyInAnyOrder(Dataset.ETTH1, Dataset.ETTM1, Dataset.WTH);
        assertThatThrownBy(() -> E.runCell(quick, new Cell(2, "h=96 seed 1 plain")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no cell");
        assertThatThrownBy(() -> E.runCell(Config.of(Dataset.MNIST), new Cell(0, "h=96 seed 0 plain")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mnist");
        // the paper's depth: one scale block for 96/192, two for 336/720 (appendix F.5)
        assertThat(ForecastingExperiment.paperModel(7, 192, false, 0).layers()).isEqualTo(1);
        assertThat(ForecastingExperiment.paperModel(7, 336, true, 0).layers()).isEqualTo(2);
        assertThat(ForecastingExperiment.paperModel(7, 96, false, 0).dModel()).isEqualTo(256);
        assertThat(ForecastingExperiment.paperTraining(0).batchSize()).isEqualTo(16);
    }

    /** A fabricated run (no training): only the numbers the assembly reads. */
    static ForecastPart part(Cell cell, int h, boolean u, int s, double mse, double mae) {
        StanHopConfig cfg = ForecastingExperiment.paperModel(7, h, u, s);
        List<ForecastRun.Epoch> epochs = List.of(
                new ForecastRun.Epoch(1, 0.5, u ? 0.2 : Double.NaN, 10, 0.6, 0.55, 1.5, 1.0, 0.1),
                new ForecastRun.Epoch(2, 0.4, u ? 0.1 : Double.NaN, 10, 0.5, 0.50, 1.52, u ? 1.3 : 1.0, 0.1));
        ForecastRun run = new ForecastRun(cfg, ForecastingExperiment.paperTraining(s), "synthetic", 100, 50, 1000,
                epochs, 2, mse, mae, false, 1.5, new double[][] {{1.4, 1.6}}, 0.2);
        return new ForecastPart(cell, "etth1", h, u, s, s, run);
    }

    @Test
    void table8IsTheMeanAndSpreadOverSeedsBesideThePaper(@TempDir Path dir) throws Exception {
        Config paper = Config.of(Dataset.ETTH1).profile(Profile.PAPER).horizons(96, 720);
        List<Cell> cells = E.cells(paper);
        double[][] mse = {{0.40, 0.42, 0.44}, {0.39, 0.41, 0.40}, {0.70, 0.60, 0.65}, {0.55, 0.58, 0.61}};
        List<ForecastPart> parts = new ArrayList<>();
        for (Cell c : cells) {
            String[] f = c.label().split(" ");
            int h = Integer.parseInt(f[0].substring(2));
            int s = Integer.parseInt(f[2]);
            boolean u = f[3].equals("uhop");
            int row = (h == 96 ? 0 : 2) + (u ? 1 : 0);
            parts.add(roundTrip(part(c, h, u, s, mse[row][s], mse[row][s] + 0.01)));
        }
        ForecastResult r = E.assemble(paper, parts, RunClock.start());
        Table t = r.table8();
        assertThat(t.rowCount()).isEqualTo(4);
        for (int row = 0; row < 4; row++) {
            double m = (mse[row][0] + mse[row][1] + mse[row][2]) / 3;
            double sd = Math.sqrt(((mse[row][0] - m) * (mse[row][0] - m) + (mse[row][1] - m) * (mse[row][1] - m)
                    + (mse[row][2] - m) * (mse[row][2] - m)) / 2);
            assertThat(t.doubleColumn("mse").get(row)).isCloseTo(m, within(1e-12));
            assertThat(t.doubleColumn("mse_std").get(row)).isCloseTo(sd, within(1e-12));
            assertThat(t.doubleColumn("mae").get(row)).isCloseTo(m + 0.01, within(1e-12));
            assertThat(t.intColumn("seeds").get(row)).isEqualTo(3);
        }
        assertThat(t.doubleColumn("paper_mse").asDoubleArray()).containsExactly(0.395, 0.392, 0.631, 0.572);
        assertThat(t.doubleColumn("paper_mae").asDoubleArray()).containsExactly(0.402, 0.400, 0.600, 0.559);
        assertThat(t.intColumn("layers").asList()).containsExactly(1, 1, 2, 2);
        assertThat(r.testMse(720, true)).isCloseTo((0.55 + 0.58 + 0.61) / 3, within(1e-12));
        assertThat(r.uhopEpochTimeRatio()).isCloseTo(1.15, within(1e-12)); // (1.3 + 1.0) / 2 over 1.0
        assertThat(r.curves().rowCount()).isEqualTo(24);
        assertThat(r.describe()).contains("STanHop-Net + U-Hop").contains("0.631");
        List<Path> files = r.write(dir);
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("table8.csv", "runs.csv",
                "curves.csv", "figures.html", "provenance.json", "timings.csv", "timings.json");
        List<String> compared = List.of("table8.csv", "runs.csv", "curves.csv", "provenance.json", "figures.html");
        List<byte[]> before = new ArrayList<>();
        for (String f : compared) {
            before.add(Files.readAllBytes(dir.resolve(r.stem()).resolve(f)));
        }
        E.assemble(paper, parts, RunClock.start()).write(dir); // a rerun writes the same bytes, timings apart
        for (int i = 0; i < compared.size(); i++) {
            assertThat(Files.readAllBytes(dir.resolve(r.stem()).resolve(compared.get(i)))).as(compared.get(i))
                    .isEqualTo(before.get(i));
        }
        assertThat(Files.readString(dir.resolve(r.stem()).resolve("provenance.json")))
                .contains("\"profile\": \"paper\"").contains("3c56c865b8f6fc9b760a07f055ff8a993d3cf2a747235dc382b98821ed35f029");
        List<ForecastPart> shuffled = new ArrayList<>(parts);
        java.util.Collections.swap(shuffled, 0, 1);
        assertThatThrownBy(() -> E.assemble(paper, shuffled, RunClock.start()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("part 0");
    }

    static ForecastPart roundTrip(ForecastPart p) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(p);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ForecastPart) in.readObject();
        }
    }

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Reproduce.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void theCommandLineChecksTheForecastingOptions(@TempDir Path dir) {
        String[] r = run("forecasting", "--dataset", "etth1", "--horizon", "97", "--out", dir.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("--horizon").contains("97").contains("96, 192, 336, 720 or all");
        r = run("forecasting", "--dataset", "mnist", "--out", dir.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("etth1, ettm1, wth");
        r = run("forecasting", "--loss", "huber", "--out", dir.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("--loss").contains("huber");
        r = run("capacity", "--horizon", "96", "--out", dir.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("only the forecasting experiment");
        assertThat(ForecastTraining.TaskLoss.MSE.djl().getName()).isEqualTo("mse");
    }
}
