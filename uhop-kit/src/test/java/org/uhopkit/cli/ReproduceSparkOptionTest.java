package org.uhopkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uhopkit.data.Corruption;
import org.uhopkit.experiments.CellRunner;
import org.uhopkit.experiments.Dataset;
import org.uhopkit.experiments.Experiment;
import org.uhopkit.experiments.Preset;
import org.uhopkit.experiments.Profile;

/** {@code --spark} without the Spark module, and the config a Spark task rebuilds from the command line. */
class ReproduceSparkOptionTest {

    @TempDir
    Path tmp;

    @Test
    void sparkWithoutTheModuleIsAUsageErrorNamingTheModuleAndNothingRuns() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path dest = tmp.resolve("out");
        int code = Reproduce.execute(new String[] {"capacity", "--spark", "local[2]", "--out", dest.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--spark").contains("uhop-spark").contains("class path");
        assertThat(Files.exists(dest)).isFalse();
    }

    @Test
    void aBlankMasterIsNamed() {
        StringWriter err = new StringWriter();
        int code = Reproduce.execute(new String[] {"capacity", "--spark", " ", "--out", tmp.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--spark").contains("master URL");
    }

    @Test
    void findNamesTheMissingRunner() {
        assertThatThrownBy(() -> CellRunner.find("spark")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("uhop-spark");
    }

    @Test
    void theTaskRebuildsTheConfigTheCommandLineRunsUnder() {
        List<String> args = List.of("stage-one", "--dataset", "cifar10", "--profile", "paper", "--preset", "official",
                "--runs", "3", "--seed", "7", "--queries", "mask", "--threads", "2", "--spark", "local[2]",
                "--out", tmp.toString());
        Reproduce.Plan plan = Reproduce.planOf(args);
        assertThat(plan.experiments()).containsExactly(Experiment.STAGE_ONE);
        assertThat(plan.threads()).isEqualTo(2);
        assertThat(plan.config().dataset()).isEqualTo(Dataset.CIFAR10);
        assertThat(plan.config().profile()).isEqualTo(Profile.PAPER);
        assertThat(plan.config().preset()).isEqualTo(Preset.OFFICIAL);
        assertThat(plan.config().runsOr(99)).isEqualTo(3);
        assertThat(plan.config().seed()).isEqualTo(7L);
        assertThat(plan.config().maskingFor(Preset.OFFICIAL)).isEqualTo(Corruption.mask(0.5));
        // the defaults too: the same command line without options gives the CLI's defaults
        Reproduce.Plan defaults = Reproduce.planOf(List.of("capacity"));
        assertThat(defaults.config().toString()).isEqualTo(
                Reproduce.planOf(List.of("capacity", "--dataset", "mnist", "--seed", "2024")).config().toString());
        assertThat(defaults.config().maskingFor(Preset.OFFICIAL)).isEqualTo(Preset.OFFICIAL.masking());
    }

    @Test
    void theShippedWorkSurvivesJavaSerialization() throws Exception {
        Reproduce.CommandLineWork work = new Reproduce.CommandLineWork("capacity", List.of("capacity", "--runs", "2"), false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(work);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(work);
        }
    }

    @Test
    void theTrainingExperimentsKeepTheirCellsApartInOneJvm() {
        // DJL's PyTorch engine allows one gradient collector per JVM: cells that train must not overlap
        assertThat(Experiment.CLASSIFICATION.concurrentCells()).isFalse();
        assertThat(Experiment.EXPRESSIVENESS.concurrentCells()).isFalse();
        assertThat(Experiment.FORECASTING.concurrentCells()).isFalse();
        assertThat(Experiment.CAPACITY.concurrentCells()).isTrue();
    }

    @Test
    void aWorkForAnExperimentTheCommandLineDoesNotRunIsRefused() {
        Reproduce.CommandLineWork work = new Reproduce.CommandLineWork("noise", List.of("capacity"), false);
        assertThatThrownBy(() -> work.run(org.uhopkit.experiments.Cell.whole()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noise");
    }
}
