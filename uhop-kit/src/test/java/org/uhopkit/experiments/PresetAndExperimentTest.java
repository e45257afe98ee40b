package org.uhopkit.experiments;

import org.uhopkit.report.Statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uhopkit.Retrieval;
import org.uhopkit.SeparationLoss;
import org.uhopkit.TrainedMemory;
import org.uhopkit.data.Mnist;
import tech.tablesaw.api.Table;

class PresetAndExperimentTest {

    @TempDir
    Path tmp;

    @Test
    void onASmallMnistSetUHopRetrievesWithLowerErrorThanTheModernHopfieldModel() {
        Config cfg = Config.of(Dataset.MNIST).memorySizes(50).runs(2).methods(Method.MHM, Method.UHOP_MHM);
        Table s = Experiment.CAPACITY.run(cfg).summary();
        double mhm = s.where(s.stringColumn(ExperimentResult.METHOD).isEqualTo("MHM"))
                .doubleColumn(ExperimentResult.ERROR_MEAN).get(0);
        double uhop = s.where(s.stringColumn(ExperimentResult.METHOD).isEqualTo("U-Hop + MHM"))
                .doubleColumn(ExperimentResult.ERROR_MEAN).get(0);
        assertThat(uhop).isLessThan(mhm);
    }

    @Test
    void theOfficialAverageLossLearningRateStopsChangingWAfterAFewSteps() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Mnist.train().sample(nd, 30, 5, DataType.FLOAT32);
            var spec = Preset.OFFICIAL.uhop(xi, SeparationLoss.average(), true, 9);
            try (TrainedMemory a = spec.stageOne(10); TrainedMemory b = spec.stageOne(100)) {
                double[] rates = b.learningRates();
                assertThat(rates[0]).isEqualTo(1.0);
                assertThat(rates[9]).isLessThan(1e-2); // 1/sqrt(9!)
                assertThat(a.finalLoss()).isCloseTo(b.finalLoss(), within(1e-3 * Math.abs(a.finalLoss())));
                double[] wa = a.w().toType(DataType.FLOAT64, false).toDoubleArray();
                double[] wb = b.w().toType(DataType.FLOAT64, false).toDoubleArray();
                double diff = 0;
                double norm = 0;
                for (int i = 0; i < wa.length; i++) {
                    diff += (wa[i] - wb[i]) * (wa[i] - wb[i]);
                    norm += wa[i] * wa[i];
                }
                assertThat(Math.sqrt(diff / norm)).isLessThan(1e-3);
            }
        }
    }

    @Test
    void theOfficialPresetTrainsOnHalfTheMemoriesWithoutRowNormalisationForMaskedQueriesOnly() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Mnist.train().sample(nd, 20, 5, DataType.FLOAT32);
            var masked = Preset.OFFICIAL.uhop(xi, SeparationLoss.average(), true, 1);
            var noisy = Preset.OFFICIAL.uhop(xi, SeparationLoss.average(), false, 1);
            var paper = Preset.PAPER.uhop(xi, SeparationLoss.average(), true, 1);
            assertThat(masked.trainingCount()).isEqualTo(10);
            assertThat(noisy.trainingCount()).isEqualTo(20);
            assertThat(paper.trainingCount()).isEqualTo(20);
            assertThat(masked.normalizeRows()).isFalse();
            assertThat(paper.normalizeRows()).isTrue();
            assertThat(Preset.OFFICIAL.uhop(xi, SeparationLoss.max(), true, 1).learningRate().at(50)).isEqualTo(10.0);
            assertThat(paper.learningRate().at(50)).isEqualTo(1.0);
        }
    }

    @Test
    void theOfficialDistanceModelsWeighTheFarthestMemoryMostAndThePaperOnesTheNearest() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = Mnist.train().sample(nd, 8, 3, DataType.FLOAT32);
            for (Method m : List.of(Method.L2_MHM, Method.MANHATTAN_MHM)) {
                try (Retrieval paper = Preset.PAPER.baseline(m, xi).beta(50).retrieve(xi);
                        Retrieval official = Preset.OFFICIAL.baseline(m, xi).beta(50).retrieve(xi)) {
                    long[] p = paper.weights().argMax(1).toLongArray();
                    long[] o = official.weights().argMax(1).toLongArray();
                    for (int i = 0; i < 8; i++) {
                        assertThat(p[i]).as(m + " paper, query " + i).isEqualTo(i);
                        assertThat(o[i]).as(m + " official, query " + i).isNotEqualTo(i);
                    }
                }
            }
        }
    }

    @Test
    void theOfficialPolynomialIsTheUnnormalisedTenthPower() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray xi = nd.create(new float[] {1, 0, 0, 2}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray q = nd.create(new float[] {1, 1}, new ai.djl.ndarray.types.Shape(1, 2));
            try (Retrieval r = Preset.OFFICIAL.baseline(Method.DENSE_AM, xi).retrieve(q)) {
                // scores (1, 2) -> weights (1, 1024) -> x = 1 * (1, 0) + 1024 * (0, 2)
                assertThat(r.states().toFloatArray()).containsExactly(1f, 2048f);
            }
            try (Retrieval r = Preset.PAPER.baseline(Method.DENSE_AM, xi).retrieve(q)) {
                float[] s = r.states().toFloatArray();
                assertThat((double) s[0]).isCloseTo(1.0 / 1025, within(1e-6));
                assertThat((double) s[1]).isCloseTo(2 * 1024.0 / 1025, within(1e-5));
            }
        }
    }

    @Test
    void theAuthorsUnnormalisedPolynomialRunsAtRealSizesAndSaturatesTheClampedRetrieval() {
        // (Xi x)^10 overflows float32 for MNIST-sized scores: the capped weights must keep Stage II finite
        Config cfg = Config.of(Dataset.MNIST).preset(Preset.OFFICIAL).memorySizes(50).runs(1).methods(Method.DENSE_AM);
        double[] errors = Experiment.CAPACITY.run(cfg).runs().doubleColumn(ExperimentResult.ERROR).asDoubleArray();
        assertThat(errors).hasSize(1);
        assertThat(errors[0]).isFinite().isPositive();
        try (NDManager nd = NDManager.newBaseManager()) {
            // a weight above the cap: every pixel the memory touches saturates at 1 after clamping, as uncapped
            NDArray xi = nd.create(new float[] {1f / 255, 0f, 0f, 1f}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray q = nd.create(new float[] {1000f, 0f}, new ai.djl.ndarray.types.Shape(1, 2));
            try (Retrieval r = Preset.OFFICIAL.baseline(Method.DENSE_AM, xi).retrieve(q)) {
                float[] s = r.states().toFloatArray();
                assertThat(s[0]).isGreaterThanOrEqualTo(1f);
                assertThat(s[1]).isZero();
            }
        }
    }

    @Test
    void anExperimentGivesATidyTableASummaryAFigureAndProvenanceAndWritesThem() throws Exception {
        Config cfg = Config.of(Dataset.MNIST).memorySizes(10, 20).runs(2);
        ExperimentResult r = Experiment.CAPACITY.run(cfg);
        assertThat(r.runs().rowCount()).isEqualTo(2 * 2 * Method.values().length);
        assertThat(r.summary().rowCount()).isEqualTo(2 * Method.values().length);
        assertThat(r.summary().intColumn(ExperimentResult.RUNS).asList()).containsOnly(2);
        assertThat(r.runs().columnNames()).doesNotContain(ExperimentResult.SECONDS);
        assertThat(r.timings().perRun().rowCount()).isEqualTo(r.runs().rowCount());
        Provenance p = r.provenance();
        assertThat(p.experiment()).isEqualTo("capacity");
        assertThat(p.settings().memorySizes()).containsExactly(10, 20);
        assertThat(p.settings().runs()).isEqualTo(2);
        assertThat(p.settings().stageOneSteps()).containsExactly(Dataset.MNIST.maskedStageOneSteps());
        assertThat(p.seed()).isEqualTo(2024L);
        assertThat(p.presets()).containsExactly("paper");
        assertThat(p.profile()).isEqualTo("quick");
        assertThat(p.versions()).containsKeys("uhop-kit", "djl", "java");
        // the pinned checksums of the two training files (data/PROVENANCE.md), not what the loader computed
        assertThat(p.data().sha256()).isEqualTo(java.util.Map.of(
                "train-images-idx3-ubyte.gz", Mnist.SHA256.get("train-images-idx3-ubyte.gz"),
                "train-labels-idx1-ubyte.gz", Mnist.SHA256.get("train-labels-idx1-ubyte.gz")));
        List<Path> files = r.write(tmp);
        assertThat(files).allSatisfy(f -> assertThat(f).isRegularFile())
                .allSatisfy(f -> assertThat(f.getParent()).isEqualTo(tmp.resolve("capacity-mnist-paper-quick")));
        assertThat(tmp.resolve("capacity-mnist-paper-quick").resolve(ExperimentResult.FIGURES_HTML)).content()
                .contains("class=\"uhop-figure\"");
        assertThat(tmp.resolve("capacity-mnist-paper-quick").resolve(ExperimentResult.PROVENANCE_JSON)).content()
                .contains("\"experiment\": \"capacity\"");
        // same seed, same numbers
        ExperimentResult again = Experiment.CAPACITY.run(cfg);
        assertThat(again.runs().doubleColumn(ExperimentResult.ERROR).asDoubleArray())
                .containsExactly(r.runs().doubleColumn(ExperimentResult.ERROR).asDoubleArray());
        assertThat(again.provenance()).isEqualTo(r.provenance());
    }

    @Test
    void theNoiseExperimentHasNoErrorWithoutNoiseForTheExactRetrievers() {
        Config cfg = Config.of(Dataset.MNIST).memorySizes(10).runs(1).noiseLevels(0.0, 1.0)
                .methods(Method.SPARSE_MHM, Method.UHOP_SPARSE_MHM);
        Table t = Experiment.NOISE.run(cfg).runs();
        Table clean = t.where(t.doubleColumn(ExperimentResult.SIGMA).isEqualTo(0.0));
        // ten well-separated digits, the query is the memory itself: sparsemax retrieves it exactly
        for (double e : clean.doubleColumn(ExperimentResult.ERROR).asDoubleArray()) {
            assertThat(e).isLessThan(1e-6);
        }
    }

    @Test
    void theLossVsErrorExperimentReportsACorrelationInMinusOneToOne() {
        Config cfg = Config.of(Dataset.MNIST).memorySizes(20).runs(6).stageOneSteps(30);
        ExperimentResult r = Experiment.LOSS_VS_ERROR.run(cfg);
        assertThat(r.runs().rowCount()).isEqualTo(6);
        assertThat(r.correlation().orElseThrow().pearson()).isEqualTo(Statistics.pearson(
                r.runs().doubleColumn(ExperimentResult.STAGE_ONE_LOSS).asDoubleArray(),
                r.runs().doubleColumn(ExperimentResult.ERROR).asDoubleArray()));
        assertThat(r.runs().intColumn(ExperimentResult.N).asList()).allSatisfy(n -> assertThat(n).isBetween(1, 30));
    }

    @Test
    void thePresetsExperimentPutsBothPresetsInOneTable() {
        Config cfg = Config.of(Dataset.MNIST).memorySizes(10).runs(1).methods(Method.MHM, Method.UHOP_MHM);
        Table t = Experiment.PRESETS.run(cfg).summary();
        assertThat(t.stringColumn(ExperimentResult.PRESET).unique().asList()).containsExactlyInAnyOrder("paper",
                "official");
        assertThat(t.rowCount()).isEqualTo(4);
    }

    @Test
    void maxVsAverageRecordsBothLossesAtEveryN() {
        Config cfg = Config.of(Dataset.MNIST).memorySizes(10).runs(1).stageOneSteps(1, 5);
        Table t = Experiment.MAX_VS_AVERAGE.run(cfg).summary();
        assertThat(t.rowCount()).isEqualTo(4);
        assertThat(t.stringColumn(ExperimentResult.SEPARATION_LOSS).unique().asList())
                .containsExactlyInAnyOrder("average", "max");
        // both losses come from the same memories and seeds: the loss trained with N = 5 is below the one with N = 1
        for (String loss : List.of("average", "max")) {
            double[] byN = t.where(t.stringColumn(ExperimentResult.SEPARATION_LOSS).isEqualTo(loss))
                    .sortAscendingOn(ExperimentResult.N).doubleColumn(ExperimentResult.STAGE_ONE_LOSS).asDoubleArray();
            assertThat(byN[1]).as(loss).isLessThan(byN[0]);
        }
    }

    @Test
    void namesParseFromTheCommandLineSpelling() {
        assertThat(Experiments.named("stage-one")).isEqualTo(Experiment.STAGE_ONE);
        assertThat(Dataset.parse("cifar10")).isEqualTo(Dataset.CIFAR10);
        assertThat(Preset.parse("official")).isEqualTo(Preset.OFFICIAL);
        assertThat(Profile.parse("paper")).isEqualTo(Profile.PAPER);
    }
}
