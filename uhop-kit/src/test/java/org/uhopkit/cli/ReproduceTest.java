package org.uhopkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceTest {

    @TempDir
    Path tmp;

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Reproduce.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsEveryExperiment() {
        StringWriter out = new StringWriter();
        assertThat(run(out, new StringWriter(), "--help")).isZero();
        assertThat(out.toString()).contains("capacity", "noise", "stage-one", "loss-vs-error", "max-vs-average",
                "presets", "--profile", "--dataset", "--preset", "--out");
    }

    @Test
    void anUnknownExperimentIsAUsageErrorNamingTheChoices() {
        StringWriter err = new StringWriter();
        assertThat(run(new StringWriter(), err, "capacty", "--no-progress")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown experiment 'capacty'", "stage-one");
    }

    @Test
    void aRunWritesTheTableTheFigureAndTheProvenance() {
        int code = run(new StringWriter(), new StringWriter(), "loss-vs-error", "--runs", "3", "--preset", "official",
                "--out", tmp.toString(), "--no-progress");
        assertThat(code).isZero();
        for (String ext : new String[] {".csv", "-summary.csv", ".html", ".json"}) {
            assertThat(tmp.resolve("loss-vs-error-mnist-official-quick" + ext)).isRegularFile();
        }
        assertThat(tmp.resolve("loss-vs-error-mnist-official-quick.html")).content().contains("uhop-figure");
        assertThat(Files.exists(tmp.resolve("loss-vs-error-mnist-official-quick.json"))).isTrue();
    }

    @Test
    void theHalfImageQueriesOfMillidgeAreOneOptionAway() throws Exception {
        int code = run(new StringWriter(), new StringWriter(), "stage-one", "--runs", "1", "--queries", "half",
                "--out", tmp.toString(), "--no-progress");
        assertThat(code).isZero();
        assertThat(Files.readString(tmp.resolve("stage-one-mnist-paper-quick.json")))
                .contains("LowerHalfCut[width=28, height=28, channels=1]");
    }
}
