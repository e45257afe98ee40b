package org.uhopkit.experiments;

import java.nio.file.Path;
import java.util.List;

/**
 * What an experiment run produces and the command line writes: a folder {@code <dir>/<stem>/} of tables (CSV),
 * figures (standalone HTML), the provenance ({@code provenance.json}) and, apart, the timings. Written complete
 * or not at all ({@link ResultSets}); two runs with the same config write the same bytes, timings apart.
 */
public interface ResultSet {

    /**
     * The folder name, {@code <experiment>-<dataset>-<preset>-<profile>} ({@link Experiment#stem(Config)}).
     *
     * @return the folder name
     */
    String stem();

    /**
     * Writes the result set {@code dir/<stem>/}, replacing an earlier one of the same name.
     *
     * @param dir the parent folder
     * @return the files written, in their final place
     * @throws IllegalArgumentException when {@code dir/<stem>} is a file, or a folder that is not a result set
     * @throws java.io.UncheckedIOException naming the path that could not be written (nothing is left behind)
     */
    List<Path> write(Path dir);

    /**
     * The run's wall time in seconds (from the timings, not part of the compared files).
     *
     * @return the wall time in seconds
     */
    double wallSeconds();

    /**
     * A plain-text summary for a terminal: the main table, a few lines.
     *
     * @return the summary text
     */
    String describe();
}
