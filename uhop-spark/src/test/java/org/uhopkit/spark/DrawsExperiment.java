package org.uhopkit.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.uhopkit.experiments.Cell;
import org.uhopkit.experiments.Config;
import org.uhopkit.experiments.Dataset;
import org.uhopkit.experiments.Experiment;
import org.uhopkit.experiments.ResultSet;
import org.uhopkit.experiments.RunClock;

/**
 * A test experiment with many cells ({@code runs} of the config, default 6): cell i draws a seeded 32 x 32
 * matrix A and computes the Frobenius norm of A A^T with PyTorch, and waits longer the earlier the cell, so
 * that on several task threads the cells end out of order. Its result set is {@code values.csv} (the norms,
 * printed exactly) and {@code timings.json}.
 */
final class DrawsExperiment implements Experiment<DrawsExperiment.Result, DrawsExperiment.Part> {

    /** One cell's draw. */
    record Part(Cell cell, long seed, double norm, String thread) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The norms in cell order. */
    record Result(String stem, List<Part> parts, double wallSeconds) implements ResultSet {
        @Override
        public List<Path> write(Path dir) {
            Path d = dir.resolve(stem);
            StringBuilder csv = new StringBuilder("cell,label,seed,norm\n");
            for (Part p : parts) {
                csv.append(p.cell().index()).append(',').append(p.cell().label()).append(',').append(p.seed())
                        .append(',').append(Double.toString(p.norm())).append('\n');
            }
            try {
                Files.createDirectories(d);
                Path values = Files.writeString(d.resolve("values.csv"), csv, StandardCharsets.UTF_8);
                Path timings = Files.writeString(d.resolve("timings.json"),
                        String.format(Locale.ROOT, "{\"wall_seconds\": %s}%n", wallSeconds), StandardCharsets.UTF_8);
                return List.of(values, timings);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String describe() {
            return parts.size() + " norms";
        }
    }

    /** Cells to fail on purpose ({@link #runCell} throws for them). */
    private final Set<Integer> failing;

    DrawsExperiment() {
        this(Set.of());
    }

    DrawsExperiment(Set<Integer> failing) {
        this.failing = Set.copyOf(failing);
    }

    @Override
    public String name() {
        return "draws";
    }

    @Override
    public String title() {
        return "seeded matrix norms (a test experiment with many cells)";
    }

    @Override
    public Set<Dataset> datasets() {
        return EnumSet.of(Dataset.MNIST);
    }

    @Override
    public List<Cell> cells(Config config) {
        List<Cell> cells = new ArrayList<>();
        int n = config.runsOr(6);
        for (int i = 0; i < n; i++) {
            cells.add(new Cell(i, "draw " + i));
        }
        return cells;
    }

    @Override
    public Part runCell(Config config, Cell cell) {
        if (!cells(config).contains(cell)) {
            throw new IllegalArgumentException("draws has no cell " + cell);
        }
        if (failing.contains(cell.index())) {
            throw new IllegalStateException("cell " + cell.label() + " fails on purpose");
        }
        long seed = config.seed() + 31L * cell.index();
        Random rng = new Random(seed);
        double[] a = new double[32 * 32];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
        }
        double norm;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(a, new Shape(32, 32)).toType(DataType.FLOAT64, false);
            norm = x.matMul(x.transpose()).square().sum().sqrt().getDouble();
        }
        try {
            Thread.sleep(40L * (cells(config).size() - cell.index()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Part(cell, seed, norm, Thread.currentThread().getName());
    }

    @Override
    public Result assemble(Config config, List<Part> parts, RunClock clock) {
        List<Cell> cells = cells(config);
        if (parts.size() != cells.size()) {
            throw new IllegalArgumentException("expected " + cells.size() + " parts, got " + parts.size());
        }
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).cell().equals(cells.get(i))) {
                throw new IllegalArgumentException("part " + i + " is of cell " + parts.get(i).cell());
            }
        }
        return new Result(stem(config), List.copyOf(parts), clock.elapsedSeconds());
    }
}
