package org.uhopkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoadersTest {

    @TempDir
    Path tmp;

    @Test
    void theDataFolderIsFoundByWalkingUpFromTheWorkingDirectory() {
        Path dir = Datasets.dataDir();
        assertThat(dir.resolve("PROVENANCE.md")).isRegularFile();
        assertThat(dir.getFileName().toString()).isEqualTo("data");
    }

    @Test
    void mnistHasTheOfficialShapesLabelCountsAndChecksums() {
        ImageSet train = Mnist.train();
        ImageSet test = Mnist.test();
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.dimension()).isEqualTo(784);
        assertThat(train.width()).isEqualTo(28);
        assertThat(train.channels()).isEqualTo(1);
        // the class counts published with the data set (data/PROVENANCE.md)
        assertThat(train.labelCounts()).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
        assertThat(test.labelCounts()).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
        assertThat(train.checksums()).containsEntry("train-images-idx3-ubyte.gz",
                "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609");
        assertThat(Mnist.train()).isSameAs(train);
    }

    @Test
    void rowsAreAnNByDMatrixWithPixelsInTheUnitIntervalEqualToByteOver255() {
        ImageSet test = Mnist.test();
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = test.rows(nd, new int[] {0, 7, 9999}, DataType.FLOAT32);
            assertThat(x.getShape().getShape()).containsExactly(3, 784);
            float[] v = x.toFloatArray();
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float f : v) {
                min = Math.min(min, f);
                max = Math.max(max, f);
            }
            assertThat(min).isEqualTo(0f);
            assertThat(max).isEqualTo(1f); // every MNIST digit has a saturated pixel
            for (int j = 0; j < 784; j++) {
                assertThat((double) v[784 + j]).isCloseTo(test.pixel(7, j) / 255.0, within(1e-6));
            }
        }
    }

    @Test
    void cifar10SubsetHasItsDocumentedSizeFirstLabelsAndFirstPixels() {
        ImageSet train = Cifar10.train();
        ImageSet test = Cifar10.test();
        assertThat(train.size()).isEqualTo(4000);
        assertThat(test.size()).isEqualTo(1000);
        assertThat(train.dimension()).isEqualTo(3072);
        assertThat(train.channels()).isEqualTo(3);
        assertThat(Arrays.copyOf(train.labels(), 10)).containsExactly(6, 9, 9, 4, 1, 1, 2, 7, 8, 3);
        assertThat(Arrays.copyOf(test.labels(), 10)).containsExactly(3, 8, 8, 0, 6, 6, 1, 6, 3, 1);
        int[] red = new int[8];
        for (int j = 0; j < 8; j++) {
            red[j] = train.pixel(0, j);
        }
        assertThat(red).containsExactly(59, 43, 50, 68, 98, 119, 139, 145);
        assertThat(train.labelCounts()).containsExactly(396, 366, 420, 384, 422, 393, 414, 385, 407, 413);
    }

    @Test
    void aCorruptedFileIsRefusedNamingFileExpectedAndActualChecksums() throws IOException {
        Path dir = Datasets.dataDir().resolve("mnist");
        Files.copy(dir.resolve("t10k-images-idx3-ubyte.gz"), tmp.resolve("t10k-images-idx3-ubyte.gz"));
        Files.copy(dir.resolve("t10k-labels-idx1-ubyte.gz"), tmp.resolve("t10k-labels-idx1-ubyte.gz"));
        byte[] bytes = Files.readAllBytes(tmp.resolve("t10k-labels-idx1-ubyte.gz"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte.gz"), bytes);
        String actual = Datasets.sha256(tmp.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> Mnist.read(tmp, "t10k", "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte.gz")
                .hasMessageContaining(Mnist.SHA256.get("t10k-labels-idx1-ubyte.gz"))
                .hasMessageContaining(actual);
    }

    @Test
    void aMissingFileNamesThePathLookedFor() {
        assertThatThrownBy(() -> Mnist.read(tmp, "t10k", "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(tmp.resolve("t10k-images-idx3-ubyte.gz").toString());
        assertThatThrownBy(() -> Cifar100.train(tmp))
                .hasMessageContaining(tmp.resolve("train.bin").toString())
                .hasMessageContaining("cifar-100-binary.tar.gz");
    }

    @Test
    void cifar100ReadsTwoLabelBytesAndUsesTheFineLabel() throws IOException {
        int n = 5;
        byte[] file = new byte[n * (2 + 3072)];
        for (int i = 0; i < n; i++) {
            int off = i * 3074;
            file[off] = (byte) (10 + i); // coarse
            file[off + 1] = (byte) (90 + i); // fine
            for (int j = 0; j < 3072; j++) {
                file[off + 2 + j] = (byte) ((i * 31 + j) % 256);
            }
        }
        Files.write(tmp.resolve("train.bin"), file);
        ImageSet set = Cifar100.train(tmp);
        assertThat(set.size()).isEqualTo(n);
        assertThat(set.labels()).containsExactly(90, 91, 92, 93, 94);
        assertThat(set.pixel(3, 100)).isEqualTo((3 * 31 + 100) % 256);
        assertThat(set.dimension()).isEqualTo(3072);
        assertThat(set.checksums()).containsKey("train.bin");
    }

    @Test
    void cifar10ReadsTheFiveOfficialBatchesInOrder() throws IOException {
        Path sub = Files.createDirectories(tmp.resolve("cifar-10-batches-bin"));
        for (int k = 1; k <= 5; k++) {
            byte[] rec = new byte[2 * 3073];
            rec[0] = (byte) k;
            rec[3073] = (byte) (k + 5 > 9 ? 0 : k + 4);
            rec[1] = (byte) (k * 7);
            Files.write(sub.resolve("data_batch_" + k + ".bin"), rec);
        }
        ImageSet set = Cifar10.fromDirectory(tmp);
        assertThat(set.size()).isEqualTo(10);
        assertThat(set.label(0)).isEqualTo(1);
        assertThat(set.label(8)).isEqualTo(5);
        assertThat(set.pixel(4, 0)).isEqualTo(21);
        assertThat(set.checksums()).hasSize(5);
    }

    @Test
    void aTruncatedCifarFileIsRefused() throws IOException {
        Files.write(tmp.resolve("test.bin"), new byte[3074 + 10]);
        assertThatThrownBy(() -> Cifar100.test(tmp)).hasMessageContaining("not a positive multiple of 3074");
    }

    @Test
    void sampleIndicesAreDistinctReproducibleAndDependOnTheSeed() {
        ImageSet test = Mnist.test();
        int[] a = test.sampleIndices(500, 42);
        int[] b = test.sampleIndices(500, 42);
        int[] c = test.sampleIndices(500, 43);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        Set<Integer> distinct = new HashSet<>();
        for (int i : a) {
            distinct.add(i);
            assertThat(i).isBetween(0, 9999);
        }
        assertThat(distinct).hasSize(500);
        assertThatThrownBy(() -> test.sampleIndices(10_001, 1)).hasMessage(
                "sample size must be in [1, 10000], got 10001");
    }
}
