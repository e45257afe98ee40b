package org.uhopkit.bench;

import org.uhopkit.UHop;
import org.uhopkit.data.SeriesSplit;
import org.uhopkit.data.TimeSeries;
import org.uhopkit.experiments.ForecastingExperiment;
import org.uhopkit.experiments.TorchThreads;
import org.uhopkit.nn.TaskData;
import org.uhopkit.nn.UHopTrainer;
import org.uhopkit.nn.stanhop.ForecastTraining;
import org.uhopkit.nn.stanhop.Forecaster;
import org.uhopkit.nn.stanhop.StanHopConfig;
import org.uhopkit.nn.stanhop.StanHopNet;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The speed benchmark of the forecasting experiment (issue 11): seconds per epoch of STanHop-Net on ETTh1 with
 * and without U-Hop, for the quick profile's configuration and the paper's (Table 7: d_model 256, batch 16, one
 * scale block at horizon 96), one PyTorch thread. An epoch is its training steps plus one validation pass (the
 * quick profile validates on every 4th window). For
 * each configuration it times {@code steps} training steps of each variant, interleaved over {@code rounds}
 * rounds (plain, U-Hop, plain, U-Hop, ...) so that a change of the machine's load hits both, and one validation
 * pass over {@code evalWindows} windows; the epoch is then {@code (training steps of a full epoch) x (median
 * seconds per step) + (validation windows) x (seconds per window)}, an extrapolation for the paper's
 * configuration (a full epoch there takes a quarter of an hour). The U-Hop overhead is the median of the
 * per-round ratios, of step times and of epochs (steps at that round's speed plus the validation pass; the issue's
 * goal: U-Hop adds at most 40 % to an epoch). Prints a Markdown table.
 *
 * <p>Run: {@code environment/uhop-java org.uhopkit.bench.ForecastBenchmark [steps] [rounds] [evalWindows]}.
 */
public final class ForecastBenchmark {

    private ForecastBenchmark() {}

    /**
     * Entry point.
     *
     * @param args optional: training steps per measurement (default 12), rounds (default 3), validation windows
     *     timed (default 256)
     */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int evalWindows = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int before = TorchThreads.set(1);
        System.out.println("PyTorch threads: " + TorchThreads.get() + " (was " + before + "), processors: "
                + Runtime.getRuntime().availableProcessors() + ", versions: " + UHop.versions());
        TimeSeries series = TimeSeries.etth1();
        List<String> rows = new ArrayList<>();
        for (String profile : new String[] {"quick", "paper"}) {
            StanHopConfig plain = profile.equals("quick") ? ForecastingExperiment.quickModel(7, 96, false, 0)
                    : ForecastingExperiment.paperModel(7, 96, false, 0);
            ForecastTraining training = profile.equals("quick") ? ForecastingExperiment.quickTraining(0)
                    : ForecastingExperiment.paperTraining(0);
            SeriesSplit split = SeriesSplit.informer(series, plain.inputLength(), plain.horizon());
            double[][] perStep = new double[2][rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                for (int v = 0; v < 2; v++) {
                    perStep[v][r] = secondsPerStep(split, plain.withUHop(v == 1), training, steps);
                }
                ratio[r] = perStep[1][r] / perStep[0][r];
            }
            double evalPerWindow = evalSecondsPerWindow(split, plain, evalWindows);
            int trainWindows = split.windowCount(SeriesSplit.Part.TRAIN);
            int fullSteps = (trainWindows + training.batchSize() - 1) / training.batchSize();
            int epochSteps = training.maxStepsPerEpoch() > 0 ? Math.min(fullSteps, training.maxStepsPerEpoch())
                    : fullSteps;
            int valWindows = split.windowCount(SeriesSplit.Part.VALIDATION);
            double val = evalPerWindow * ((valWindows + training.validationStride() - 1) / training.validationStride());
            // the epoch of each round (its steps at that round's speed + the validation pass): the per-round epoch ratio
            double[] epochRatio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                epochRatio[r] = (epochSteps * perStep[1][r] + val) / (epochSteps * perStep[0][r] + val);
            }
            for (int v = 0; v < 2; v++) {
                double step = median(perStep[v]);
                rows.add(String.format(Locale.ROOT, "| %s | %s | d %d, batch %d, input %d | %d | %.3f | %.0f | %.0f |"
                        + " %s | %s |", profile, v == 1 ? "+ U-Hop" : "plain", plain.dModel(), training.batchSize(),
                        plain.inputLength(), epochSteps, step, epochSteps * step, epochSteps * step + val,
                        v == 1 ? String.format(Locale.ROOT, "%+.0f %%", 100 * (median(ratio) - 1)) : "",
                        v == 1 ? String.format(Locale.ROOT, "%+.0f %%", 100 * (median(epochRatio) - 1)) : ""));
            }
            System.out.println(profile + ": per-round step ratio " + fmt(ratio) + ", epoch ratio " + fmt(epochRatio));
            System.out.println(profile + ": per-step seconds plain " + Arrays.toString(perStep[0]) + ", U-Hop "
                    + Arrays.toString(perStep[1]) + ", validation " + String.format(Locale.ROOT, "%.4f", evalPerWindow)
                    + " s per window");
        }
        System.out.println();
        System.out.println("| profile | variant | model | steps per epoch | s per step (median) | training s per epoch "
                + "| epoch s (+ validation) | U-Hop step overhead (median ratio) | U-Hop epoch overhead (median ratio) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** Seconds per training step of {@code steps} steps (one capped epoch), initialisation excluded. */
    static double secondsPerStep(SeriesSplit split, StanHopConfig config, ForecastTraining training, int steps) {
        double[] seconds = {Double.NaN};
        try (Model model = Model.newInstance("bench")) {
            model.setBlock(StanHopNet.of(config));
            NDManager data = model.getNDManager().newSubManager();
            NDArray[] xy = split.arrays(data, SeriesSplit.Part.TRAIN, 0, Math.min(split.windowCount(
                    SeriesSplit.Part.TRAIN), steps * training.batchSize() * 4));
            UHopTrainer.builder().loss(training.loss().djl()).epochs(1).batchSize(training.batchSize())
                    .learningRate(training.learningRate()).cosine(false)
                    .innerSteps(config.uhop() ? training.innerSteps() : 0).innerBatchSize(training.innerBatchSize())
                    .innerRate(training.innerRate()).maxStepsPerEpoch(steps).seed(1).progress(null)
                    .epochListener(end -> {
                        seconds[0] = end.seconds() / end.steps();
                        return true;
                    }).build().fit(model, TaskData.of(xy[0], xy[1]), null);
        }
        return seconds[0];
    }

    /** Seconds per window of an inference pass over the first {@code n} validation windows. */
    static double evalSecondsPerWindow(SeriesSplit split, StanHopConfig config, int n) {
        SeriesSplit.Part part = SeriesSplit.Part.VALIDATION;
        int windows = Math.min(n, split.windowCount(part));
        try (Model model = Model.newInstance("bench")) {
            StanHopNet net = StanHopNet.of(config);
            model.setBlock(net);
            NDManager data = model.getNDManager().newSubManager();
            net.initialize(data, ai.djl.ndarray.types.DataType.FLOAT32,
                    new ai.djl.ndarray.types.Shape(1, config.inputLength(), config.series()));
            long t0 = System.nanoTime();
            Forecaster.evaluate(net, split, part, data, windows, 1);
            return (System.nanoTime() - t0) / 1e9 / windows;
        }
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v[i]));
        }
        return b.append(']').toString();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
