package org.uhopkit.report;

import org.uhopkit.internal.Checks;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * A row of images for a notebook, made by {@link Images#strip}: each pattern (one row of an {@code (n, d)}
 * array) drawn as a PNG and inlined as a data URI. Immutable, holds a host copy of the pixel values (never
 * native memory); the settings return new strips.
 *
 * <p>Pixel values are mapped linearly from {@link #range} {@code [lo, hi]} to 0..255 and rounded; values
 * outside the range are drawn at the nearer end, and the HTML says how many there were. Grey images are
 * 8-bit grey PNGs, colour images ({@code channels = 3}, the planes R, G, B, each row-major as in
 * {@link org.uhopkit.data.ImageSet}) 8-bit RGB PNGs. The same values give the same bytes on every run.
 *
 * <pre>
 * jshell&gt; Images.strip(queries, 28, 28, 1, 10).caption("queries (50 % masked)")
 * $1 ==&gt; ImageStrip(queries (50 % masked): 10 images 28x28x1, range [0, 1], scale 2)
 * </pre>
 */
public final class ImageStrip implements Renderable {

    private final float[] pixels; // count * height * width * channels, image after image
    private final int count;
    private final int height;
    private final int width;
    private final int channels;
    private final String caption;
    private final int scale;
    private final double lo;
    private final double hi;

    ImageStrip(float[] pixels, int count, int height, int width, int channels, String caption, int scale,
            double lo, double hi) {
        this.pixels = pixels;
        this.count = count;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.caption = caption;
        this.scale = scale;
        this.lo = lo;
        this.hi = hi;
    }

    /**
     * This strip with a caption above the images.
     *
     * @param text the caption (escaped in the HTML), or null for none
     * @return a new strip
     */
    public ImageStrip caption(String text) {
        return new ImageStrip(pixels, count, height, width, channels, text, scale, lo, hi);
    }

    /**
     * This strip drawn {@code factor} screen pixels per image pixel (the PNGs keep the images' own size; the
     * browser enlarges them without smoothing). The default is 2.
     *
     * @param factor 1 to 32
     * @return a new strip
     */
    public ImageStrip scale(int factor) {
        if (factor < 1 || factor > 32) {
            throw new IllegalArgumentException("scale must be in [1, 32], got " + factor);
        }
        return new ImageStrip(pixels, count, height, width, channels, caption, factor, lo, hi);
    }

    /**
     * This strip with the values {@code lo} drawn black and {@code hi} white (full intensity); the default is
     * {@code [0, 1]}, the kit's pixel range.
     *
     * @param lo the value drawn as 0, finite
     * @param hi the value drawn as 255, finite and above {@code lo}
     * @return a new strip
     */
    public ImageStrip range(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(hi > lo)) {
            throw new IllegalArgumentException("range must be finite with lo < hi, got [" + lo + ", " + hi + "]");
        }
        return new ImageStrip(pixels, count, height, width, channels, caption, scale, lo, hi);
    }

    /**
     * The number of images.
     *
     * @return the number of images in the strip
     */
    public int size() {
        return count;
    }

    /**
     * The caption.
     *
     * @return the caption, or null when there is none
     */
    public String caption() {
        return caption;
    }

    /**
     * The value range drawn from black to white.
     *
     * @return {@code {lo, hi}}
     */
    public double[] range() {
        return new double[] {lo, hi};
    }

    /**
     * The number of pixel values outside {@link #range}, drawn at the nearer end.
     *
     * @return how many values (over all images and channels) lie outside {@code [lo, hi]}
     */
    public int outOfRange() {
        int n = 0;
        for (float v : pixels) {
            n += v < lo || v > hi ? 1 : 0;
        }
        return n;
    }

    /**
     * The 8-bit level a pixel value is drawn with.
     *
     * @param value a pixel value
     * @return {@code round(255 (clamp(value, lo, hi) - lo) / (hi - lo))}, in 0..255
     */
    public int level(double value) {
        double c = Math.min(hi, Math.max(lo, value));
        return (int) Math.round(255 * (c - lo) / (hi - lo));
    }

    /**
     * Image {@code i} as PNG bytes.
     *
     * @param i the image, in {@code [0, size())}
     * @return a new array with the PNG file's bytes
     */
    public byte[] png(int i) {
        if (i < 0 || i >= count) {
            throw new IllegalArgumentException("image index must be in [0, " + count + "), got " + i);
        }
        int plane = height * width;
        int base = i * plane * channels;
        BufferedImage img = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                for (int c = 0; c < channels; c++) {
                    raster.setSample(x, y, c, level(pixels[base + c * plane + p]));
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java runtime (javax.imageio)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The strip as HTML: the caption, then one {@code <img class="uhop-image">} per image with its PNG as a
     * data URI, then a note if some values lay outside the range.
     *
     * @return the HTML fragment
     */
    @Override
    public String html() {
        StringBuilder out = new StringBuilder("<div class=\"uhop-images\" style=\"margin:4px 0\">");
        if (caption != null) {
            out.append("<div style=\"font-weight:bold\">").append(Html.escape(caption)).append("</div>");
        }
        String alt = caption == null ? "image " : Html.escape(caption) + ", image ";
        for (int i = 0; i < count; i++) {
            out.append("<img class=\"uhop-image\" alt=\"").append(alt).append(i).append("\" width=\"")
                    .append(width * scale).append("\" height=\"").append(height * scale)
                    .append("\" style=\"image-rendering:pixelated;margin:1px\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png(i))).append("\">");
        }
        int outside = outOfRange();
        if (outside > 0) {
            out.append("<div style=\"color:#666;font-size:smaller\">").append(outside)
                    .append(" pixel values outside [").append(Html.number(lo)).append(", ").append(Html.number(hi))
                    .append("] drawn at the nearer end</div>");
        }
        return out.append("</div>").toString();
    }

    /**
     * Caption, count, geometry, range and scale.
     *
     * @return e.g. {@code ImageStrip(queries: 10 images 28x28x1, range [0, 1], scale 2)}
     */
    @Override
    public String toString() {
        return "ImageStrip(" + (caption == null ? "" : caption + ": ") + count + " images " + height + "x" + width
                + "x" + channels + ", range [" + Html.number(lo) + ", " + Html.number(hi) + "], scale " + scale + ")";
    }

    static void checkGeometry(int height, int width, int channels) {
        Checks.atLeast("image height", height, 1);
        Checks.atLeast("image width", width, 1);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB planes), got " + channels);
        }
    }
}
