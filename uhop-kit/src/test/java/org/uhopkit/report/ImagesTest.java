package org.uhopkit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagesTest {

    /** Level k of pixel j of image i, varied over rows, columns and channels so a transposition shows. */
    private static int level(int i, int j) {
        return (i * 37 + j * 11) % 256;
    }

    private static NDArray levels(NDManager nd, int n, int d, DataType type) {
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                v[i * d + j] = level(i, j) / 255.0;
            }
        }
        return nd.create(v, new Shape(n, d)).toType(type, false);
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img).as("a readable PNG").isNotNull();
        return img;
    }

    @Test
    void greyPixelValuesRoundTripThroughThePng() throws IOException {
        try (NDManager nd = NDManager.newBaseManager()) {
            int h = 4;
            int w = 5; // not square: a swapped height and width would show
            ImageStrip strip = Images.strip(levels(nd, 3, h * w, DataType.FLOAT64), h, w, 1);
            assertThat(strip.size()).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                BufferedImage img = decode(strip.png(i));
                assertThat(img.getWidth()).isEqualTo(w);
                assertThat(img.getHeight()).isEqualTo(h);
                assertThat(img.getRaster().getNumBands()).isEqualTo(1);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        assertThat(img.getRaster().getSample(x, y, 0)).as("image %d at (%d, %d)", i, x, y)
                                .isEqualTo(level(i, y * w + x));
                    }
                }
            }
        }
    }

    @Test
    void colourPlanesRoundTripAsRgb() throws IOException {
        try (NDManager nd = NDManager.newBaseManager()) {
            int h = 3;
            int w = 2;
            ImageStrip strip = Images.strip(levels(nd, 2, 3 * h * w, DataType.FLOAT32), h, w, 3);
            for (int i = 0; i < 2; i++) {
                BufferedImage img = decode(strip.png(i));
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int rgb = img.getRGB(x, y);
                        int p = y * w + x;
                        assertThat((rgb >> 16) & 0xff).isEqualTo(level(i, p));
                        assertThat((rgb >> 8) & 0xff).isEqualTo(level(i, h * w + p));
                        assertThat(rgb & 0xff).isEqualTo(level(i, 2 * h * w + p));
                    }
                }
            }
        }
    }

    @Test
    void theHtmlInlinesEveryImageAndTheSameValuesGiveTheSameBytes() throws IOException {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = levels(nd, 4, 9, DataType.FLOAT32);
            String html = Images.strip(x, 3, 3, 1, 2).caption("a <b>").scale(3).html();
            assertThat(html).contains("a &lt;b&gt;").contains("width=\"9\"").doesNotContain("outside");
            Matcher m = Pattern.compile("src=\"data:image/png;base64,([^\"]+)\"").matcher(html);
            int found = 0;
            while (m.find()) {
                BufferedImage img = decode(Base64.getDecoder().decode(m.group(1)));
                assertThat(img.getRaster().getSample(1, 2, 0)).isEqualTo(level(found, 7));
                found++;
            }
            assertThat(found).as("count = 2 of 4 rows").isEqualTo(2);
            assertThat(Images.strip(x, 3, 3, 1, 2).caption("a <b>").scale(3).html()).isEqualTo(html);
        }
    }

    @Test
    void valuesOutsideTheRangeAreDrawnAtItsEndsAndCounted() throws IOException {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.create(new float[] {-0.5f, 0.25f, 1f, 2f}, new Shape(1, 4));
            ImageStrip strip = Images.strip(x, 2, 2, 1);
            assertThat(strip.outOfRange()).isEqualTo(2);
            assertThat(strip.html()).contains("2 pixel values outside [0, 1] drawn at the nearer end");
            BufferedImage img = decode(strip.png(0));
            assertThat(new int[] {img.getRaster().getSample(0, 0, 0), img.getRaster().getSample(1, 0, 0),
                img.getRaster().getSample(0, 1, 0), img.getRaster().getSample(1, 1, 0)})
                    .containsExactly(0, 64, 255, 255);
            ImageStrip wide = strip.range(-1, 2);
            assertThat(wide.outOfRange()).isZero();
            assertThat(wide.level(-0.5)).isEqualTo(43); // 255 * 0.5 / 3 = 42.5, rounded half up
        }
    }

    @Test
    void badShapesAndSettingsAreRejectedWithTheirValues() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = nd.zeros(new Shape(2, 10));
            assertThatThrownBy(() -> Images.strip(x, 3, 3, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("patterns must have d = 9 columns for 3x3x1 images, got shape (2, 10)");
            assertThatThrownBy(() -> Images.strip(x, 5, 1, 2)).hasMessage(
                    "channels must be 1 (grey) or 3 (RGB planes), got 2");
            assertThatThrownBy(() -> Images.strip(x, 5, 2, 1, 3)).hasMessage("count must be in [1, 2], got 3");
            assertThatThrownBy(() -> Images.strip(x, 5, 2, 1).scale(0)).hasMessage("scale must be in [1, 32], got 0");
            assertThatThrownBy(() -> Images.strip(x, 5, 2, 1).range(1, 1))
                    .hasMessage("range must be finite with lo < hi, got [1.0, 1.0]");
            NDArray nan = nd.create(new float[] {0, Float.NaN}, new Shape(1, 2));
            assertThatThrownBy(() -> Images.strip(nan, 1, 2, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("NaN");
        }
    }

    @Test
    void makingAStripLeavesNoArrayBehind() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray x = levels(nd, 5, 4, DataType.FLOAT64);
            int before = nd.getManagedArrays().size();
            Images.strip(x, 2, 2, 1, 3).html();
            Images.strip(x, 2, 2, 1).html();
            assertThat(nd.getManagedArrays()).hasSize(before);
        }
    }
}
