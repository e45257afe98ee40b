package org.uhopkit.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test helper: two written result sets compared file by file, the timing files apart. */
final class ResultSetFiles {

    private ResultSetFiles() {}

    /**
     * Asserts that every file under {@code a} but the timings has a byte-identical twin under {@code b}.
     *
     * @return how many files were compared
     */
    static int sameExceptTimings(Path a, Path b) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(a)) {
            files = s.filter(Files::isRegularFile).map(a::relativize).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        int compared = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.equals(ExperimentResult.TIMINGS_CSV) || name.equals(ExperimentResult.TIMINGS_JSON)) {
                continue;
            }
            assertThat(Files.readAllBytes(b.resolve(f))).as(f.toString()).isEqualTo(Files.readAllBytes(a.resolve(f)));
            compared++;
        }
        return compared;
    }
}
