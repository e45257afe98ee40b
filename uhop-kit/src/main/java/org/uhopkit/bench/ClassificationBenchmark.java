package org.uhopkit.bench;

import org.uhopkit.UHop;
import org.uhopkit.experiments.TorchThreads;
import org.uhopkit.experiments.classification.ClassificationRun;
import org.uhopkit.experiments.classification.ImageTask;
import org.uhopkit.experiments.classification.ModelSettings;
import org.uhopkit.experiments.classification.RunRecord;
import org.uhopkit.experiments.classification.Variant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The speed benchmark of the image-classification runs (issue 10): seconds per epoch of each {@link Variant}
 * (training on the shipped 4,000 CIFAR-10 images, batch 128, plus the evaluation of the 1,000 test images) at
 * the paper's settings (patch 32, d 512, one layer; Table 5) and at smaller patches where the layer holds more
 * than one memory. Each configuration trains {@code epochs} epochs (default 3); the first epoch (warm-up:
 * engine start, allocator) is dropped and the median of the rest is reported, next to the ratio to the
 * plain MHM of the same configuration, measured back to back. One PyTorch thread. Prints a Markdown table.
 *
 * <p>Run: {@code environment/uhop-java org.uhopkit.bench.ClassificationBenchmark [epochs] [patch:width ...]}
 * (default configurations {@code 32:512 8:512 8:128 4:128}).
 */
public final class ClassificationBenchmark {

    private ClassificationBenchmark() {}

    /**
     * Entry point.
     *
     * @param args optional: the epochs per run (default 3), then configurations {@code patch:width}
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        if (epochs < 2) {
            throw new IllegalArgumentException("epochs must be at least 2 (the first is dropped), got " + epochs);
        }
        List<int[]> configs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] pw = args[i].split(":");
            configs.add(new int[] {Integer.parseInt(pw[0]), Integer.parseInt(pw[1])});
        }
        if (configs.isEmpty()) {
            configs = List.of(new int[] {32, 512}, new int[] {8, 512}, new int[] {8, 128}, new int[] {4, 128});
        }
        TorchThreads.set(1);
        System.out.println("PyTorch threads: " + TorchThreads.get() + ", processors: "
                + Runtime.getRuntime().availableProcessors() + ", versions: " + UHop.versions());
        ImageTask task = ImageTask.cifar10();
        List<String> rows = new ArrayList<>();
        rows.add("| patch | d | memories | variant | parameters | s / epoch (median of epochs 2.." + epochs
                + ") | x MHM |");
        rows.add("|---|---|---|---|---|---|---|");
        for (int[] c : configs) {
            ModelSettings s = ModelSettings.of("cifar10", ModelSettings.PAPER).patch(c[0]).width(c[1]).epochs(epochs);
            double base = Double.NaN;
            for (Variant v : Variant.values()) {
                RunRecord r = ClassificationRun.train(task, s, v, task.train().size(), 0, System.out);
                double[] secs = r.seconds().stream().mapToDouble(Double::doubleValue).skip(1).sorted().toArray();
                double median = secs.length % 2 == 1 ? secs[secs.length / 2]
                        : (secs[secs.length / 2 - 1] + secs[secs.length / 2]) / 2;
                if (v == Variant.MHM) {
                    base = median;
                }
                int memories = (32 / c[0]) * (32 / c[0]);
                rows.add(String.format(Locale.ROOT, "| %d | %d | %d | %s | %,d | %.2f | %.2f |", c[0], c[1], memories,
                        v.label(), r.parameters(), median, median / base));
                System.out.println(rows.get(rows.size() - 1) + "   (all epochs: " + Arrays.toString(
                        r.seconds().stream().mapToDouble(d -> Math.round(d * 100) / 100.0).toArray()) + ")");
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
    }
}
