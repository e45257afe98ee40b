package org.uhopkit.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CIFAR binary record format: label byte(s), then 3072 pixel bytes (R, G, B planes of 32 x 32). */
final class CifarBinary {

    static final int SIDE = 32;
    static final int PIXELS = 3 * SIDE * SIDE;

    private CifarBinary() {}

    /**
     * Reads records from each file (gunzipped when named .gz) and concatenates them.
     *
     * @param labelBytes label bytes per record (1 for CIFAR-10; 2 for CIFAR-100: coarse, fine)
     * @param labelIndex which label byte to use
     * @param expected file name to SHA-256 to verify, or null to record the checksum only
     */
    static ImageSet read(List<Path> files, int labelBytes, int labelIndex, String name,
            Map<String, String> expected) {
        Map<String, String> sums = new LinkedHashMap<>();
        List<byte[]> contents = new ArrayList<>();
        long total = 0;
        int record = labelBytes + PIXELS;
        for (Path f : files) {
            Datasets.requireFile(f);
            String fileName = f.getFileName().toString();
            String want = expected == null ? null : expected.get(fileName);
            sums.put(fileName, want == null ? Datasets.sha256(f) : Datasets.verify(f, want));
            byte[] bytes = Datasets.readAll(f);
            if (bytes.length == 0 || bytes.length % record != 0) {
                throw new IllegalStateException(f.toAbsolutePath() + " is not a CIFAR binary file with " + labelBytes
                        + " label byte(s) + " + PIXELS + " pixels per record: its " + bytes.length
                        + " bytes are not a positive multiple of " + record);
            }
            contents.add(bytes);
            total += bytes.length / record;
        }
        int n = Math.toIntExact(total);
        byte[] pixels = new byte[Math.multiplyExact(n, PIXELS)];
        int[] labels = new int[n];
        int at = 0;
        for (byte[] bytes : contents) {
            for (int off = 0; off < bytes.length; off += record) {
                labels[at] = bytes[off + labelIndex] & 0xff;
                System.arraycopy(bytes, off + labelBytes, pixels, at * PIXELS, PIXELS);
                at++;
            }
        }
        return new ImageSet(name, pixels, labels, SIDE, SIDE, 3, sums);
    }

    /** {@code dir/name}, or {@code dir/<sub>/name} when the user points at the folder above the batches. */
    static Path locate(Path dir, String sub, String file) {
        Path direct = dir.resolve(file);
        if (java.nio.file.Files.isRegularFile(direct)) {
            return direct;
        }
        Path nested = dir.resolve(sub).resolve(file);
        if (java.nio.file.Files.isRegularFile(nested)) {
            return nested;
        }
        throw new IllegalStateException("data file not found: " + direct.toAbsolutePath() + " (nor " + nested
                + ")");
    }
}
