package org.uhopkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The time-series data of Table 8: files, Informer borders, window counts, the scaler. */
class TimeSeriesTest {

    /** Window counts from the Informer arithmetic, written out independently of SeriesSplit. */
    static int trainWindows(int trainRows, int in, int h) {
        return trainRows - in - h + 1;
    }

    static int heldOutWindows(int partRows, int in, int h) {
        // the part starts `in` rows before its border: (partRows + in) - in - h + 1
        return (partRows + in) - in - h + 1;
    }

    @Test
    void shippedFilesHaveTheDocumentedShapes() {
        TimeSeries h = TimeSeries.etth1();
        assertThat(h.rows()).isEqualTo(17420);
        assertThat(h.columns()).containsExactly("HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT");
        assertThat(h.date(0)).isEqualTo("2016-07-01 00:00:00");
        assertThat(h.value(0, 6)).isEqualTo(30.5310001373291);
        TimeSeries w = TimeSeries.wth();
        assertThat(w.rows()).isEqualTo(35064);
        assertThat(w.seriesCount()).isEqualTo(12);
        assertThat(w.columns().get(11)).isEqualTo("WetBulbCelsius");
        TimeSeries m = TimeSeries.ettm1();
        assertThat(m.rows()).isEqualTo(69680);
        assertThat(m.seriesCount()).isEqualTo(7);
    }

    @Test
    void windowCountsFollowTheInformerArithmetic() {
        // the example: ETTh1, input 168, horizon 96
        SeriesSplit s = SeriesSplit.informer(TimeSeries.etth1(), 168, 96);
        assertThat(s.windowCount(SeriesSplit.Part.TRAIN)).isEqualTo(8377);
        assertThat(s.windowCount(SeriesSplit.Part.VALIDATION)).isEqualTo(2785);
        assertThat(s.windowCount(SeriesSplit.Part.TEST)).isEqualTo(2785);
        Object[][] cases = {
            {TimeSeries.etth1(), 8640, 2880, 2880},
            {TimeSeries.ettm1(), 34560, 11520, 11520},
            {TimeSeries.wth(), 20160, 7200, 7200}};
        int[][] lengths = {{96, 96}, {168, 336}, {336, 720}, {96, 720}};
        for (Object[] c : cases) {
            TimeSeries series = (TimeSeries) c[0];
            int train = (int) c[1];
            int val = (int) c[2];
            int test = (int) c[3];
            for (int[] l : lengths) {
                SeriesSplit split = SeriesSplit.informer(series, l[0], l[1]);
                assertThat(split.windowCount(SeriesSplit.Part.TRAIN)).isEqualTo(trainWindows(train, l[0], l[1]));
                assertThat(split.windowCount(SeriesSplit.Part.VALIDATION)).isEqualTo(heldOutWindows(val, l[0], l[1]));
                assertThat(split.windowCount(SeriesSplit.Part.TEST)).isEqualTo(heldOutWindows(test, l[0], l[1]));
                // borders: the first held-out window starts `input` rows before its border
                assertThat(split.windowStart(SeriesSplit.Part.VALIDATION, 0)).isEqualTo(train - l[0]);
                assertThat(split.windowStart(SeriesSplit.Part.TEST, 0)).isEqualTo(train + val - l[0]);
                int lastTest = split.windowCount(SeriesSplit.Part.TEST) - 1;
                // the last test window's last target row is the last test row
                assertThat(split.windowStart(SeriesSplit.Part.TEST, lastTest) + l[0] + l[1] - 1)
                        .isEqualTo(train + val + test - 1);
            }
        }
    }

    @Test
    void windowsHoldTheScaledRowsAndTheScalerUsesTrainingRowsOnly() {
        TimeSeries series = TimeSeries.etth1();
        SeriesSplit split = SeriesSplit.informer(series, 96, 24);
        // mean and population std of the first 8640 rows, computed here
        int c = 6;
        double sum = 0;
        for (int t = 0; t < 8640; t++) {
            sum += series.value(t, c);
        }
        double mean = sum / 8640;
        double sq = 0;
        for (int t = 0; t < 8640; t++) {
            sq += (series.value(t, c) - mean) * (series.value(t, c) - mean);
        }
        double std = Math.sqrt(sq / 8640);
        assertThat(split.scaler().mean()[c]).isCloseTo(mean, within(1e-9));
        assertThat(split.scaler().std()[c]).isCloseTo(std, within(1e-9));
        assertThat(split.scaler().rows()).isEqualTo(8640);
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray[] xy = split.arrays(nd, SeriesSplit.Part.TEST, 5, 7);
            assertThat(xy[0].getShape().getShape()).containsExactly(2, 96, 7);
            assertThat(xy[1].getShape().getShape()).containsExactly(2, 24, 7);
            float[] x = xy[0].toFloatArray();
            float[] y = xy[1].toFloatArray();
            int start = 8640 + 2880 - 96 + 5;
            // window 5, input step 3, series 6; and its first target = the row right after the input
            assertThat((double) x[3 * 7 + c]).isCloseTo((series.value(start + 3, c) - mean) / std, within(1e-5));
            assertThat((double) y[c]).isCloseTo((series.value(start + 96, c) - mean) / std, within(1e-5));
            // second window of the pair, last target step
            assertThat((double) y[24 * 7 + 23 * 7 + c])
                    .isCloseTo((series.value(start + 1 + 96 + 23, c) - mean) / std, within(1e-5));
        }
    }

    @Test
    void theScalerIgnoresEverythingAfterTheTrainingRows() {
        double[][] a = new double[60][2];
        double[][] b = new double[60][2];
        for (int t = 0; t < 60; t++) {
            a[t][0] = Math.sin(t);
            a[t][1] = t;
            b[t][0] = t < 30 ? a[t][0] : 1000 + t * t;
            b[t][1] = t < 30 ? a[t][1] : -5e4;
        }
        SeriesBorders borders = new SeriesBorders(30, 15, 15);
        SeriesSplit sa = SeriesSplit.of(TimeSeries.of("a", List.of("x", "y"), a), borders, 5, 3);
        SeriesSplit sb = SeriesSplit.of(TimeSeries.of("b", List.of("x", "y"), b), borders, 5, 3);
        assertThat(sb.scaler().mean()).containsExactly(sa.scaler().mean());
        assertThat(sb.scaler().std()).containsExactly(sa.scaler().std());
        // y = t on 0..29: mean 14.5, population variance (30^2 - 1) / 12
        assertThat(sa.scaler().mean()[1]).isCloseTo(14.5, within(1e-12));
        assertThat(sa.scaler().std()[1]).isCloseTo(Math.sqrt((30.0 * 30 - 1) / 12), within(1e-12));
    }

    @Test
    void aWindowLongerThanAPartIsRefusedNamingIt() {
        double[][] v = new double[60][1];
        for (int t = 0; t < 60; t++) {
            v[t][0] = t;
        }
        TimeSeries s = TimeSeries.of("toy", List.of("x"), v);
        assertThatThrownBy(() -> SeriesSplit.of(s, new SeriesBorders(30, 15, 15), 5, 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VALIDATION")
                .hasMessageContaining("20");
        assertThatThrownBy(() -> SeriesSplit.of(s, new SeriesBorders(30, 15, 15), 26, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TRAIN")
                .hasMessageContaining("31");
        assertThatThrownBy(() -> SeriesSplit.of(s, new SeriesBorders(40, 15, 15), 5, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70");
        assertThatThrownBy(() -> SeriesSplit.informer(TimeSeries.etth1(), 96, 2881))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2881");
        double[][] constant = new double[60][1];
        assertThatThrownBy(() -> SeriesSplit.of(TimeSeries.of("flat", List.of("x"), constant),
                new SeriesBorders(30, 15, 15), 5, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("constant");
    }
}
