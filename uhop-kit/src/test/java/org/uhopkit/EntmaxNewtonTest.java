package org.uhopkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The learnable-alpha entmax ({@link Separation#entmaxWeights}, Newton's method on tau) against an independent
 * reference: alpha-entmax of Definition D.1 by a 200-step bisection in plain Java doubles. The gradients are
 * checked against finite differences in {@code GradientTest} and {@code BlockGradientTest}.
 */
class EntmaxNewtonTest {

    /** {@code p_i = [(alpha - 1) z_i - tau]_+^(1/(alpha-1))} with {@code sum p = 1}, tau by 200 bisection steps. */
    static double[] reference(double[] z, double alpha) {
        double q = 1 / (alpha - 1);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double[] x = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            x[i] = (alpha - 1) * (z[i] - max);
        }
        double lo = -1;
        double hi = 0;
        for (int it = 0; it < 200; it++) {
            double mid = (lo + hi) / 2;
            double sum = 0;
            for (double v : x) {
                sum += Math.pow(Math.max(v - mid, 0), q);
            }
            if (sum >= 1) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.pow(Math.max(x[i] - lo, 0), q);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Rows that are hard for a threshold solver: spread, clustered, geometric, evenly spaced, ties, one entry. */
    static List<double[]> rows() {
        Random r = new Random(7);
        List<double[]> out = new ArrayList<>();
        for (int m : new int[] {1, 2, 7, 8, 14, 40, 100}) {
            for (double scale : new double[] {0.05, 1, 4, 30}) {
                double[] gauss = new double[m];
                double[] even = new double[m];
                double[] geometric = new double[m];
                double[] clusters = new double[m];
                double[] ties = new double[m];
                for (int i = 0; i < m; i++) {
                    gauss[i] = scale * r.nextGaussian();
                    even[i] = -scale * i / m;
                    geometric[i] = -scale * Math.pow(1.5, i) / 100;
                    clusters[i] = (i < m / 2 ? 0 : -scale) + 1e-3 * r.nextGaussian();
                    ties[i] = i % 3 == 0 ? scale : 0;
                }
                out.addAll(List.of(gauss, even, geometric, clusters, ties));
            }
        }
        return out;
    }

    private static final double[] ALPHAS = {1.02, 1.1, 1.3, 1.5, 1.7, 1.9, 1.99, 2.0};

    @Test
    void newtonMatchesAFloat64BisectionInFloat64AndFloat32() {
        double worst32 = 0;
        double worst64 = 0;
        double worstBisect32 = 0;
        try (NDManager nd = NDManager.newBaseManager()) {
            for (double[] z : rows()) {
                for (double alpha : ALPHAS) {
                    double[] ref = reference(z, alpha);
                    Shape shape = new Shape(1, z.length);
                    double[] p64 = Separation.entmaxWeights(nd.create(z, shape), nd.create(new double[] {alpha}))
                            .toDoubleArray();
                    NDArray z32 = nd.create(z, shape).toType(DataType.FLOAT32, false);
                    NDArray a32 = nd.create(new double[] {alpha}).toType(DataType.FLOAT32, false);
                    NDArray p32 = Separation.entmaxWeights(z32, a32);
                    assertThat(p32.getDataType()).isEqualTo(DataType.FLOAT32);
                    double[] q32 = p32.toType(DataType.FLOAT64, false).toDoubleArray();
                    // the float32 bisection the learnable path used before (still the fixed-alpha path)
                    double[] b32 = alpha == 2.0 || alpha == 1.5 ? null
                            : Separation.entmax(alpha).weights(z32).toType(DataType.FLOAT64, false).toDoubleArray();
                    for (int i = 0; i < z.length; i++) {
                        worst64 = Math.max(worst64, Math.abs(p64[i] - ref[i]));
                        worst32 = Math.max(worst32, Math.abs(q32[i] - ref[i]));
                        if (b32 != null) {
                            worstBisect32 = Math.max(worstBisect32, Math.abs(b32[i] - ref[i]));
                        }
                    }
                }
            }
        }
        System.out.printf("entmax newton worst: float64 %.3g, float32 %.3g, float32 bisection %.3g%n", worst64, worst32,
                worstBisect32);
        assertThat(worst64).as("float64 Newton vs reference").isLessThan(1e-13);
        // float32 keeps about 7 digits of a weight in [0, 1]; the 26-step float32 bisection is the yardstick
        assertThat(worst32).as("float32 Newton vs reference (bisection: %s)", worstBisect32).isLessThan(2e-6);
        assertThat(worst32).as("float32 Newton no worse than the float32 bisection (%s) by more than rounding",
                worstBisect32).isLessThan(worstBisect32 + 1e-6);
    }

    @Test
    void perHeadAlphaAndLeadingAxesMatchTheReferenceRowByRow() {
        Random r = new Random(3);
        int b = 2;
        int h = 3;
        int l = 4;
        int m = 9;
        double[] alpha = {1.15, 1.5, 1.85};
        double[] z = new double[b * h * l * m];
        for (int i = 0; i < z.length; i++) {
            z[i] = 2 * r.nextGaussian();
        }
        try (NDManager nd = NDManager.newBaseManager()) {
            double[] p = Separation.entmaxWeights(nd.create(z, new Shape(b, h, l, m)),
                    nd.create(alpha, new Shape(1, h, 1, 1))).toDoubleArray();
            for (int row = 0; row < b * h * l; row++) {
                double[] zr = java.util.Arrays.copyOfRange(z, row * m, (row + 1) * m);
                double[] ref = reference(zr, alpha[(row / l) % h]);
                for (int i = 0; i < m; i++) {
                    assertThat(Math.abs(p[row * m + i] - ref[i])).as("row %d entry %d", row, i).isLessThan(1e-13);
                }
            }
        }
    }

    @Test
    void theValueIsTheSameInsideAndOutsideAGradientRecording() {
        Random r = new Random(5);
        double[] z = new double[3 * 11];
        for (int i = 0; i < z.length; i++) {
            z[i] = 1.5 * r.nextGaussian();
        }
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray zs = nd.create(z, new Shape(3, 11)).toType(DataType.FLOAT32, false);
            NDArray as = nd.create(new float[] {1.4f});
            float[] outside = Separation.entmaxWeights(zs, as).toFloatArray();
            zs.setRequiresGradient(true);
            as.setRequiresGradient(true);
            float[] inside;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray p = Separation.entmaxWeights(zs, as);
                inside = p.toFloatArray();
                gc.backward(p.mul(nd.create(z, new Shape(3, 11)).toType(DataType.FLOAT32, false)).sum());
            }
            assertThat(inside).containsExactly(outside);
            // and the recording really carried gradients to both inputs
            assertThat(zs.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
            assertThat(as.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
        }
    }
}
