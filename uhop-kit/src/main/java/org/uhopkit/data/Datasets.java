package org.uhopkit.data;

import org.uhopkit.internal.Checks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Where the data lives and how its files are checked.
 *
 * <p>The data folder is, in order: the system property {@code uhop.data}, the environment variable
 * {@code UHOP_DATA}, or the first folder {@code data/} holding {@code PROVENANCE.md} found walking up from
 * the working directory (so a notebook in {@code notebooks/} finds {@code ../data}).
 */
public final class Datasets {

    /** The system property naming the data folder. */
    public static final String PROPERTY = "uhop.data";
    /** The environment variable naming the data folder. */
    public static final String ENV = "UHOP_DATA";

    private Datasets() {}

    /**
     * The repository's {@code data/} folder.
     *
     * @return the data folder
     * @throws IllegalStateException when none is found, naming where it looked
     */
    public static Path dataDir() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return requireDir(Paths.get(prop), "system property " + PROPERTY);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return requireDir(Paths.get(env), "environment variable " + ENV);
        }
        Path start = Paths.get("").toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("data");
            if (Files.isRegularFile(candidate.resolve("PROVENANCE.md"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no data folder found: looked for data/PROVENANCE.md in " + start
                + " and every parent; set -D" + PROPERTY + "=DIR or " + ENV + "=DIR");
    }

    private static Path requireDir(Path p, String source) {
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("the data folder " + p.toAbsolutePath() + " (from " + source
                    + ") does not exist");
        }
        return p.toAbsolutePath().normalize();
    }

    /** A file that must exist; the message names the path looked for. */
    static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("data file not found: " + file.toAbsolutePath());
        }
        return file;
    }

    /**
     * SHA-256 of a file, lower-case hex.
     *
     * @param file the file, existing
     * @return 64 lower-case hex digits
     */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(requireFile(file))) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks a file's SHA-256.
     *
     * @param file the file, existing
     * @param expectedSha256 the expected checksum, lower-case hex
     * @return the checksum
     * @throws IllegalStateException naming the file, the expected and the actual checksum
     */
    public static String verify(Path file, String expectedSha256) {
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new IllegalStateException("checksum mismatch for " + file.toAbsolutePath() + ": expected sha256 "
                    + expectedSha256 + ", got " + actual + " (the file is corrupted or not the one in PROVENANCE.md)");
        }
        return actual;
    }

    /** The bytes of a file, gunzipped when its name ends in .gz. */
    static byte[] readAll(Path file) {
        try (InputStream raw = Files.newInputStream(requireFile(file));
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16)
                        : raw) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

}
