package org.uhopkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uhopkit.experiments.Experiment;
import org.uhopkit.experiments.ExperimentResult;
import org.uhopkit.experiments.Experiments;

class ReproduceTest {

    @TempDir
    Path tmp;

    /** What a run printed and returned. */
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Reproduce.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryRegisteredExperimentWithItsTitle() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        for (Experiment<?, ?> e : Experiments.all()) {
            assertThat(r.out()).contains(e.name()).contains(e.title());
        }
        assertThat(r.out()).contains("all", "--profile", "--dataset", "--preset", "--out", "--queries");
    }

    @Test
    void theRegistryCoversEveryExperimentNameTheCommandLineAccepts() {
        List<String> accepted = new ArrayList<>();
        new Reproduce.ExperimentNames().forEach(accepted::add);
        assertThat(accepted).containsExactlyElementsOf(
                Stream.concat(Experiments.names().stream(), Stream.of("all")).toList());
        Reproduce.ExperimentsConverter convert = new Reproduce.ExperimentsConverter();
        for (String name : accepted) {
            List<Experiment<?, ?>> es = convert.convert(name).experiments();
            if (name.equals("all")) {
                assertThat(es).containsExactlyElementsOf(Experiments.all());
            } else {
                assertThat(es).singleElement().satisfies(e -> assertThat(e.name()).isEqualTo(name));
            }
        }
    }

    @Test
    void anUnknownExperimentIsAUsageErrorNamingTheValueAndTheChoices() {
        Run r = run("capacty", "--no-progress");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for positional parameter at index 0 (<experiment>): "
                + "unknown experiment 'capacty', expected one of capacity, noise, stage-one, loss-vs-error, "
                + "max-vs-average, presets, classification, expressiveness, forecasting or all");
    }

    @Test
    void aBadProfileDatasetPresetOrQueriesNamesTheOptionAndItsValidValues() {
        Map<String, String> expected = Map.of(
                "--profile", "Invalid value for option '--profile': unknown profile 'bogus', expected one of quick, paper",
                "--dataset", "Invalid value for option '--dataset': unknown dataset 'bogus', expected one of mnist, "
                        + "cifar10, cifar100, tinyimagenet, etth1, ettm1, wth",
                "--preset", "Invalid value for option '--preset': unknown preset 'bogus', expected one of paper, "
                        + "official",
                "--queries", "Invalid value for option '--queries': unknown queries 'bogus', expected one of preset, "
                        + "mask, dropout, half");
        expected.forEach((option, message) -> {
            Run r = run("capacity", option, "bogus", "--out", tmp.toString(), "--no-progress");
            assertThat(r.code()).as(option).isEqualTo(2);
            assertThat(r.err()).as(option).contains(message).doesNotContain("No enum constant");
            assertThat(r.out()).as(option).isEmpty();
        });
    }

    @Test
    void aDatasetTheExperimentDoesNotUseIsAUsageErrorNamingTheOnesItDoes() {
        Run r = run("capacity", "--dataset", "etth1", "--out", tmp.toString(), "--no-progress");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--dataset': experiment capacity does not use "
                + "dataset 'etth1', expected one of mnist, cifar10");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void negativeRunsAndZeroThreadsAreRefusedByName() {
        Run runs = run("capacity", "--runs", "-1", "--out", tmp.toString(), "--no-progress");
        assertThat(runs.code()).isEqualTo(2);
        assertThat(runs.err()).contains("Invalid value for option '--runs': runs must be at least 1 (or 0 for the "
                + "profile's count), got -1");
        Run threads = run("capacity", "--threads", "0", "--out", tmp.toString(), "--no-progress");
        assertThat(threads.code()).isEqualTo(2);
        assertThat(threads.err()).contains("Invalid value for option '--threads': threads must be at least 1, got 0");
        Run parallel = run("capacity", "--parallel", "0", "--out", tmp.toString(), "--no-progress");
        assertThat(parallel.code()).isEqualTo(2);
        assertThat(parallel.err()).contains("Invalid value for option '--parallel': parallel (cells at a time) must be "
                + "at least 1, got 0");
        Run both = run("capacity", "--parallel", "2", "--spark", "local[2]", "--out", tmp.toString(), "--no-progress");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("Invalid value for option '--parallel': only without --spark");
        assertThat(both.out()).as("nothing ran").isEmpty();
        // a master Spark would not parse is a usage error naming it, before anything starts (with or without uhop-spark)
        for (String bad : List.of("bogus", "local[0]", "local[two]", "spark:/host:7077", "local[2")) {
            Run r = run("capacity", "--spark", bad, "--out", tmp.toString(), "--no-progress");
            assertThat(r.code()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).contains("Invalid value for option '--spark': '" + bad + "'");
            assertThat(r.out()).as(bad).isEmpty();
        }
        for (String good : List.of("local", "local[2]", "local[*]", "local[2,3]", "local-cluster[2,1,1024]",
                "spark://127.0.0.1:7077", "yarn", "k8s://https://host:6443")) {
            assertThat(Reproduce.sparkMasterProblem(good)).as(good).isNull();
        }
    }

    @Test
    void anOutFolderThatCannotBeCreatedIsRefusedBeforeAnythingRuns() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        long t0 = System.nanoTime();
        Run r = run("capacity", "--profile", "paper", "--out", file.resolve("results").toString(), "--no-progress");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--out': cannot create the folder "
                + file.resolve("results") + ": " + file + " is a file");
        assertThat(r.out()).as("nothing ran").isEmpty();
        assertThat((System.nanoTime() - t0) / 1e9).as("the paper profile takes a minute; the check a moment")
                .isLessThan(20);
        Run onFile = run("capacity", "--out", file.toString(), "--no-progress");
        assertThat(onFile.code()).isEqualTo(2);
        assertThat(onFile.err()).contains("Invalid value for option '--out': " + file + " is a file, not a folder");
        assertThat(file).hasContent("x");
    }

    @Test
    void aFileInTheWayOfAResultSetIsRefusedBeforeAnythingRunsAndLeftAlone() throws IOException {
        Path inTheWay = Files.writeString(tmp.resolve("noise-mnist-paper-quick"), "mine");
        Run r = run("all", "--out", tmp.toString(), "--no-progress");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--out': a file is in the way: " + inTheWay
                + " must become a result set folder; move or delete it");
        assertThat(r.out()).as("nothing ran, not even the experiments before it").isEmpty();
        assertThat(inTheWay).hasContent("mine");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).containsExactly(inTheWay);
        }
    }

    @Test
    void aFolderOfOtherFilesInTheWayIsNotReplaced() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("noise-mnist-paper-quick"));
        Files.writeString(folder.resolve("notes.txt"), "mine");
        Run r = run("noise", "--out", tmp.toString(), "--no-progress");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(folder + " is a folder that is not a result set (it has no provenance.json): "
                + "not replacing it");
        assertThat(folder.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void aRunWritesOneCompleteResultSetAndARerunReplacesIt() throws IOException {
        for (int i = 0; i < 2; i++) {
            Run r = run("loss-vs-error", "--runs", "3", "--preset", "official", "--out", tmp.toString(),
                    "--no-progress");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("Pearson r = ", "wrote " + tmp.resolve("loss-vs-error-mnist-official-quick"));
        }
        Path set = tmp.resolve("loss-vs-error-mnist-official-quick");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("no staging or old folders are left").containsExactly(set);
        }
        for (String f : List.of(ExperimentResult.RUNS_CSV, ExperimentResult.SUMMARY_CSV, ExperimentResult.FIGURES_HTML,
                ExperimentResult.PROVENANCE_JSON, ExperimentResult.CORRELATION_CSV, ExperimentResult.TIMINGS_CSV,
                ExperimentResult.TIMINGS_JSON)) {
            assertThat(set.resolve(f)).isRegularFile();
        }
        assertThat(set.resolve(ExperimentResult.FIGURES_HTML)).content().contains("uhop-figure");
        assertThat(set.resolve(ExperimentResult.RUNS_CSV)).content().doesNotContain("seconds");
        assertThat(set.resolve(ExperimentResult.PROVENANCE_JSON)).content().doesNotContain("wall", "started");
    }

    @Test
    void twoRunsOfTheSameSeededExperimentWriteByteIdenticalFilesExceptTheTimings() throws IOException {
        for (String experiment : List.of("loss-vs-error", "max-vs-average")) {
            Path a = tmp.resolve(experiment + "-a");
            Path b = tmp.resolve(experiment + "-b");
            assertThat(run(experiment, "--runs", "2", "--out", a.toString(), "--no-progress").code()).isZero();
            assertThat(run(experiment, "--runs", "2", "--out", b.toString(), "--no-progress").code()).isZero();
            Map<String, byte[]> first = contents(a);
            Map<String, byte[]> second = contents(b);
            assertThat(first.keySet()).isEqualTo(second.keySet()).contains(
                    experiment + "-mnist-paper-quick/" + ExperimentResult.RUNS_CSV,
                    experiment + "-mnist-paper-quick/" + ExperimentResult.FIGURES_HTML,
                    experiment + "-mnist-paper-quick/" + ExperimentResult.PROVENANCE_JSON);
            int compared = 0;
            for (String name : first.keySet()) {
                if (Path.of(name).getFileName().toString().startsWith("timings.")) {
                    continue;
                }
                assertThat(second.get(name)).as(experiment + ": " + name).isEqualTo(first.get(name));
                compared++;
            }
            assertThat(compared).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void theHalfImageQueriesOfMillidgeAreOneOptionAway() throws Exception {
        Run r = run("stage-one", "--runs", "1", "--queries", "half", "--out", tmp.toString(), "--no-progress");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(tmp.resolve("stage-one-mnist-paper-quick").resolve(ExperimentResult.PROVENANCE_JSON)))
                .contains("LowerHalfCut[width=28, height=28, channels=1]");
    }

    private static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }
}
