package org.uhopkit.data;

import org.uhopkit.internal.Checks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multivariate time series held in host memory: {@code rows} time steps of {@code C} series (every column of
 * the file but the date), with the date of each step as written in the file. The data of the paper's
 * time-series experiment (section 4.2, appendix F.1 and F.5, Table 8): ETTh1, ETTm1 (Zhou et al. 2021) and WTH
 * (Informer's weather set), shipped in {@code data/timeseries/} and checked against the SHA-256 of
 * {@code data/PROVENANCE.md}. Immutable; safe to share between threads.
 *
 * <pre>
 * jshell&gt; TimeSeries s = TimeSeries.etth1();
 * s ==&gt; TimeSeries(ETTh1, 17420 rows x 7 series)
 * jshell&gt; SeriesSplit split = SeriesSplit.of(s, SeriesBorders.ETTH1, 168, 96);
 * jshell&gt; split.windows(SeriesSplit.Part.TRAIN).count()
 * $3 ==&gt; 8377
 * </pre>
 */
public final class TimeSeries {

    /** SHA-256 of the shipped files (data/PROVENANCE.md, section "Time series"). */
    public static final Map<String, String> SHA256 = Map.of(
            "ETTh1.csv.gz", "3c56c865b8f6fc9b760a07f055ff8a993d3cf2a747235dc382b98821ed35f029",
            "ETTm1.csv.gz", "ca45123028f1acad120b5f971ca64594746aa9b881d56cdff589ee9aa6cdbd8f",
            "WTH.csv.gz", "e4acf7202cfc987c9ecabd9a797b0652a7292c136b2c34eb416450329443e3ca");

    private static final Map<String, TimeSeries> CACHE = Collections.synchronizedMap(new LinkedHashMap<>());

    private final String name;
    private final List<String> columns;
    private final List<String> dates;
    private final double[] values;
    private final int rows;
    private final Map<String, String> sha256;

    private TimeSeries(String name, List<String> columns, List<String> dates, double[] values,
            Map<String, String> sha256) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.dates = List.copyOf(dates);
        this.values = values;
        this.rows = dates.size();
        this.sha256 = Collections.unmodifiableMap(new LinkedHashMap<>(sha256));
    }

    /**
     * ETTh1: hourly, 17,420 rows, 7 series (HUFL, HULL, MUFL, MULL, LUFL, LULL, OT); cached per JVM.
     *
     * @return the shipped ETTh1 series (checksum verified)
     */
    public static TimeSeries etth1() {
        return shipped("ETTh1");
    }

    /**
     * ETTm1: every 15 minutes, 69,680 rows, 7 series; cached per JVM.
     *
     * @return the shipped ETTm1 series (checksum verified)
     */
    public static TimeSeries ettm1() {
        return shipped("ETTm1");
    }

    /**
     * WTH (weather): hourly, 35,064 rows, 12 series (the target WetBulbCelsius last); cached per JVM.
     *
     * @return the shipped WTH series (checksum verified)
     */
    public static TimeSeries wth() {
        return shipped("WTH");
    }

    private static TimeSeries shipped(String name) {
        synchronized (CACHE) {
            TimeSeries s = CACHE.get(name);
            if (s == null) {
                Path file = Datasets.dataDir().resolve("timeseries").resolve(name + ".csv.gz");
                String sum = Datasets.verify(file, SHA256.get(name + ".csv.gz"));
                s = parse(name, new String(Datasets.readAll(file), StandardCharsets.UTF_8), Map.of(
                        file.getFileName().toString(), sum));
                CACHE.put(name, s);
            }
            return s;
        }
    }

    /**
     * Reads a CSV file (optionally gzipped) whose first column is the date and whose other columns are numbers,
     * with a header row. Its SHA-256 is recorded, not checked.
     *
     * @param csv the file, {@code .csv} or {@code .csv.gz}, not null
     * @param name the set's name, not null
     * @return the series read
     * @throws IllegalArgumentException naming the line of a malformed or non-finite value
     */
    public static TimeSeries read(Path csv, String name) {
        Checks.notNull("csv file", csv);
        Checks.notNull("name", name);
        String sum = Datasets.sha256(csv);
        return parse(name, new String(Datasets.readAll(csv), StandardCharsets.UTF_8),
                Map.of(csv.getFileName().toString(), sum));
    }

    /**
     * A series from given values (tests, synthetic data): {@code values[t][c]}, dates {@code "0", "1", ...}.
     *
     * @param name the set's name, not null
     * @param columns the series' names, at least one
     * @param values {@code values[t][c]}, at least one row, each row with one value per column, all finite
     * @return a new series holding a copy of the values
     * @throws IllegalArgumentException for ragged rows, no rows or columns, or a non-finite value
     */
    public static TimeSeries of(String name, List<String> columns, double[][] values) {
        Checks.notNull("name", name);
        Checks.notNull("columns", columns);
        Checks.notNull("values", values);
        int c = columns.size();
        if (c < 1 || values.length < 1) {
            throw new IllegalArgumentException("a time series needs at least one row and one column, got "
                    + values.length + " rows and " + c + " columns");
        }
        double[] flat = new double[values.length * c];
        List<String> dates = new ArrayList<>();
        for (int t = 0; t < values.length; t++) {
            if (values[t] == null || values[t].length != c) {
                throw new IllegalArgumentException("row " + t + " has " + (values[t] == null ? 0 : values[t].length)
                        + " values, expected " + c + " (one per column)");
            }
            for (int j = 0; j < c; j++) {
                double v = values[t][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("value at row " + t + ", column " + columns.get(j)
                            + " must be finite, got " + v);
                }
                flat[t * c + j] = v;
            }
            dates.add(Integer.toString(t));
        }
        return new TimeSeries(name, columns, dates, flat, Map.of());
    }

    static TimeSeries parse(String name, String text, Map<String, String> sha256) {
        String[] lines = text.split("\r?\n");
        if (lines.length < 2) {
            throw new IllegalArgumentException(name + ": a series file needs a header and at least one row");
        }
        String[] header = lines[0].split(",", -1);
        if (header.length < 2) {
            throw new IllegalArgumentException(name + ": the header must name the date and at least one series, got '"
                    + lines[0] + "'");
        }
        List<String> columns = Arrays.asList(header).subList(1, header.length);
        int c = columns.size();
        List<String> dates = new ArrayList<>(lines.length);
        double[] flat = new double[(lines.length - 1) * c];
        int t = 0;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] f = lines[i].split(",", -1);
            if (f.length != header.length) {
                throw new IllegalArgumentException(name + " line " + (i + 1) + " has " + f.length + " fields, the header "
                        + header.length);
            }
            dates.add(f[0]);
            for (int j = 0; j < c; j++) {
                double v;
                try {
                    v = Double.parseDouble(f[j + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " line " + (i + 1) + ", column " + columns.get(j)
                            + ": not a number: '" + f[j + 1] + "'", e);
                }
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(name + " line " + (i + 1) + ", column " + columns.get(j)
                            + " must be finite, got " + v);
                }
                flat[t * c + j] = v;
            }
            t++;
        }
        return new TimeSeries(name, columns, dates, Arrays.copyOf(flat, t * c), sha256);
    }

    /**
     * The set's name, e.g. {@code ETTh1}.
     *
     * @return the name, not null
     */
    public String name() {
        return name;
    }

    /**
     * The number of time steps.
     *
     * @return the number of rows, at least 1
     */
    public int rows() {
        return rows;
    }

    /**
     * C, the number of series (every column but the date).
     *
     * @return C, at least 1
     */
    public int seriesCount() {
        return columns.size();
    }

    /**
     * The series' names in column order.
     *
     * @return an unmodifiable list of C names
     */
    public List<String> columns() {
        return columns;
    }

    /**
     * The date of step {@code t} as written in the file.
     *
     * @param t the row, in {@code [0, rows())}
     * @return the date string
     */
    public String date(int t) {
        Checks.inRange("row", t, 0, rows - 1);
        return dates.get(t);
    }

    /**
     * The value of series {@code c} at step {@code t} (raw, unscaled).
     *
     * @param t the row, in {@code [0, rows())}
     * @param c the series, in {@code [0, C)}
     * @return the raw value
     */
    public double value(int t, int c) {
        if (t < 0 || t >= rows || c < 0 || c >= columns.size()) {
            throw new IndexOutOfBoundsException("row " + t + ", series " + c + " outside " + rows + " x "
                    + columns.size());
        }
        return values[t * columns.size() + c];
    }

    /**
     * Series {@code c} over rows {@code [from, to)} (raw).
     *
     * @param c the series, in {@code [0, C)}
     * @param from the first row, at least 0
     * @param to one past the last row, in {@code [from, rows()]}
     * @return a new array of {@code to - from} raw values
     */
    public double[] column(int c, int from, int to) {
        checkRange(from, to);
        double[] out = new double[to - from];
        for (int t = from; t < to; t++) {
            out[t - from] = value(t, c);
        }
        return out;
    }

    /**
     * Rows {@code [from, to)} row-major, {@code (to - from) * C} values (raw); a copy.
     *
     * @param from the first row, at least 0
     * @param to one past the last row, in {@code [from, rows()]}
     * @return a new array of {@code (to - from) * C} raw values, row-major
     */
    public double[] rowsBetween(int from, int to) {
        checkRange(from, to);
        return Arrays.copyOfRange(values, from * columns.size(), to * columns.size());
    }

    private void checkRange(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") outside [0, " + rows + ")");
        }
    }

    /**
     * File name to SHA-256 of what was read (empty for {@link #of}).
     *
     * @return an unmodifiable map, file name to hex SHA-256
     */
    public Map<String, String> sha256() {
        return sha256;
    }

    @Override
    public String toString() {
        return "TimeSeries(" + name + ", " + rows + " rows x " + columns.size() + " series)";
    }
}
