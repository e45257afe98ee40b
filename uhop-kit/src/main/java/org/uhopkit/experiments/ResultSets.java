package org.uhopkit.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.uhopkit.internal.Checks;

/**
 * Where result sets go: {@code <dir>/<stem>/}, written complete or not at all. {@link #check} tells before an
 * experiment runs whether its results can be written; {@link ExperimentResult#write(Path)} then writes them
 * into a temporary folder beside the target and moves it into place.
 */
public final class ResultSets {

    private ResultSets() {}

    /**
     * Checks, before anything runs, that result sets named {@code stems} can be written into {@code dir}:
     * {@code dir} is (or can be created as) a writable folder, and no {@code dir/<stem>} is a file or a folder
     * that is not a result set (a result set, one with {@value ExperimentResult#PROVENANCE_JSON}, or an empty
     * folder is replaced). Creates {@code dir} when it is missing.
     *
     * @param dir the parent folder
     * @param stems the result sets' folder names
     * @throws IllegalArgumentException naming the path and what is wrong with it
     */
    public static void check(Path dir, List<String> stems) {
        Checks.notNull("dir", dir);
        Checks.notNull("stems", stems);
        createFolder(dir);
        Path probe;
        try {
            probe = Files.createTempDirectory(dir, ".probe-");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(dir + " is not a writable folder (" + reason(e) + ")", e);
        }
        try {
            Files.delete(probe);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the probe " + probe, e);
        }
        for (String stem : stems) {
            checkTarget(dir.resolve(stem));
        }
    }

    /** Writes {@code files} (name to bytes) as the result set {@code dir/stem}, complete or not at all. */
    static Path publish(Path dir, String stem, Map<String, byte[]> files) {
        createFolder(dir);
        Path target = dir.resolve(stem);
        checkTarget(target);
        Path staging;
        try {
            staging = Files.createTempDirectory(dir, "." + stem + ".partial-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result set " + target + ": " + reason(e), e);
        }
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(staging.resolve(f.getKey()), f.getValue());
            }
            if (Files.exists(target)) {
                Path old = Files.createTempDirectory(dir, "." + stem + ".old-");
                Files.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                    throw e;
                }
                deleteTree(old);
            } else {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            deleteQuietly(staging);
            throw new UncheckedIOException("cannot write the result set " + target + ": " + reason(e), e);
        }
    }

    private static void createFolder(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file, not a folder");
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new IllegalArgumentException("cannot create the folder " + dir + ": " + p + " is a file");
                }
                break;
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot create the folder " + dir + " (" + reason(e) + ")", e);
        }
    }

    private static void checkTarget(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException("a file is in the way: " + target + " must become a result set "
                    + "folder; move or delete it");
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()
                    && !Files.isRegularFile(target.resolve(ExperimentResult.PROVENANCE_JSON))) {
                throw new IllegalArgumentException(target + " is a folder that is not a result set (it has no "
                        + ExperimentResult.PROVENANCE_JSON + "): not replacing it; move or delete it");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the folder " + target + " (" + reason(e) + ")", e);
        }
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder: " + e.getMessage();
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException | UncheckedIOException e) {
            // best effort: the staging folder is hidden and its name says it is partial
        }
    }
}
