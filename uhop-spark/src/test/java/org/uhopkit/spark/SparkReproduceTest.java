package org.uhopkit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uhopkit.cli.Reproduce;

/**
 * {@code reproduce <experiment> --spark local[2]} writes the same files as the one-process run, byte for byte,
 * apart from the timings (the standalone cluster: environment/e2e/spark-check.sh).
 */
class SparkReproduceTest {

    @TempDir
    Path tmp;

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Reproduce.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        return out.toString();
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void sparkLocalWritesTheBytesOfTheOneProcessRunTimingsApart() throws IOException {
        String[] common = {"loss-vs-error", "--runs", "2", "--no-progress"};
        Path local = tmp.resolve("local");
        Path spark = tmp.resolve("spark");
        run(concat(common, "--out", local.toString()));
        String out = run(concat(common, "--out", spark.toString(), "--spark", "local[2]"));
        assertThat(out).contains("spark: connected to local[2]");

        Map<String, byte[]> a = files(local);
        Map<String, byte[]> b = files(spark);
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        assertThat(a.keySet()).anyMatch(k -> k.endsWith("runs.csv")).anyMatch(k -> k.endsWith("provenance.json"))
                .anyMatch(k -> k.endsWith("figures.html")).anyMatch(k -> k.endsWith("timings.json"));
        for (String k : a.keySet()) {
            if (!k.endsWith("timings.csv") && !k.endsWith("timings.json")) {
                assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
