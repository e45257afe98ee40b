package org.uhopkit.report;

import org.uhopkit.internal.Checks;
import org.uhopkit.landscape.Landscape;
import org.uhopkit.landscape.Trajectory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.plotly.components.Figure;

/**
 * Figures of an energy {@link Landscape} (the paper's Figure 2, computed): the energy of eq. (2.2) as a
 * filled contour map and as a surface, the basins of attraction of the dynamics (2.4) coloured by memory
 * (with "no memory within epsilon" — metastable mixtures — as its own colour), the number of steps to
 * converge, and trajectories over the energy's contour lines with the first update step drawn as arrows.
 * Memories are marked on every map.
 *
 * <p>tablesaw-jsplot 0.44.4 has heat-map and contour traces without colour scales, colour bars or contour
 * settings, and no surface trace, so these figures are written as Plotly JSON by a small {@link Figure}
 * subclass; they display and export like every other figure of the kit ({@link Plots#html}). The JSON is
 * deterministic (numbers with 6 significant digits), so reruns give identical HTML.
 *
 * <pre>
 * jshell&gt; Landscape land = EnergyLandscape.of(spec).trajectories(4).compute();
 * jshell&gt; display("text/html", Plots.html(LandscapeFigures.energy(land, "E"), LandscapeFigures.basins(land, "basins")));
 * </pre>
 */
public final class LandscapeFigures {

    /** Colours of the first ten highlighted memories' basins (no greys, which mean "other" and "none"). */
    static final String[] MEMORY_COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#bcbd22", "#17becf", "#393b79"};
    /** Colour of the basins of memories that are not highlighted. */
    static final String OTHER_MEMORY = "#5a5a5a";
    /** Colour of "no memory within epsilon". */
    static final String NO_MEMORY = "#dcdcdc";

    private static final int SIZE = 400;

    private LandscapeFigures() {}

    /**
     * The energy (eq. 2.2) on the plane as a filled contour map, the memories marked (those on the plane
     * as labelled dots; the projections of the others, when any, as a hidden legend entry).
     *
     * @param land the landscape
     * @param title the figure's title
     * @return the figure
     * @throws IllegalStateException when the landscape has no energy
     */
    public static Figure energy(Landscape land, String title) {
        Checks.notNull("landscape", land);
        List<Map<String, Object>> data = new ArrayList<>();
        Map<String, Object> contour = trace("contour");
        contour.put("x", land.a());
        contour.put("y", land.b());
        contour.put("z", land.energy());
        contour.put("colorscale", "Viridis");
        contour.put("ncontours", 30);
        contour.put("contours", map("coloring", "heatmap"));
        contour.put("line", map("width", 0.5, "color", "rgba(255,255,255,0.35)"));
        contour.put("colorbar", map("title", map("text", "E(x)")));
        contour.put("hovertemplate", "a=%{x:.4g}<br>b=%{y:.4g}<br>E=%{z:.5g}<extra></extra>");
        data.add(contour);
        data.addAll(memoryMarkers(land, null));
        return new PlotlyFigure(data, planeLayout(land, title));
    }

    /**
     * The basins of attraction: each grid point coloured by the memory within epsilon of where the dynamics
     * took it — up to ten memories in their own colours (all when M is at most 10, else the ones defining the
     * plane and then the largest basins), any other memory in dark grey, and "no memory within epsilon"
     * (metastable mixtures, or points still on their way) in light grey.
     *
     * @param land the landscape
     * @param title the figure's title
     * @return the figure
     */
    public static Figure basins(Landscape land, String title) {
        Checks.notNull("landscape", land);
        return basins(land, title, highlightedMemories(land));
    }

    /**
     * The basins of attraction with the memories to colour given (at most ten, in this order), e.g. the same
     * list for a landscape before and after Stage I so that a memory keeps its colour.
     *
     * @param land the landscape
     * @param title the figure's title
     * @param memories the memories to colour, at most ten, distinct
     * @return the figure
     */
    public static Figure basins(Landscape land, String title, int... memories) {
        Checks.notNull("landscape", land);
        int[] shown = checkShown(land, memories);
        int k = shown.length;
        int[][] basin = land.basins();
        double[][] z = new double[basin.length][];
        String[][] text = new String[basin.length][];
        for (int ib = 0; ib < basin.length; ib++) {
            z[ib] = new double[basin[ib].length];
            text[ib] = new String[basin[ib].length];
            for (int ia = 0; ia < basin[ib].length; ia++) {
                int c = category(basin[ib][ia], shown);
                z[ib][ia] = c;
                text[ib][ia] = basin[ib][ia] == Landscape.NO_MEMORY ? "no memory within epsilon"
                        : "memory " + basin[ib][ia];
            }
        }
        List<Object> scale = new ArrayList<>();
        String[] colours = new String[k + 2];
        String[] labels = new String[k + 2];
        for (int i = 0; i < k; i++) {
            colours[i] = MEMORY_COLOURS[i];
            labels[i] = "\u03be" + shown[i];
        }
        colours[k] = OTHER_MEMORY;
        labels[k] = "another memory";
        colours[k + 1] = NO_MEMORY;
        labels[k + 1] = "no memory within \u03b5";
        int n = k + 2;
        double[] ticks = new double[n];
        for (int i = 0; i < n; i++) {
            scale.add(List.of((double) i / n, colours[i]));
            scale.add(List.of((double) (i + 1) / n, colours[i]));
            ticks[i] = i;
        }
        Map<String, Object> heat = trace("heatmap");
        heat.put("x", land.a());
        heat.put("y", land.b());
        heat.put("z", z);
        heat.put("text", text);
        heat.put("zmin", -0.5);
        heat.put("zmax", n - 0.5);
        heat.put("colorscale", scale);
        heat.put("colorbar", map("tickvals", ticks, "ticktext", labels, "title", map("text", "basin")));
        heat.put("hovertemplate", "a=%{x:.4g}<br>b=%{y:.4g}<br>%{text}<extra></extra>");
        List<Map<String, Object>> data = new ArrayList<>();
        data.add(heat);
        data.addAll(memoryMarkers(land, shown));
        return new PlotlyFigure(data, planeLayout(land, title));
    }

    /**
     * The number of update steps each grid point needed to converge (its move fell to the tolerance and
     * stayed there); points that had not converged after T steps are left blank.
     *
     * @param land the landscape
     * @param title the figure's title
     * @return the figure
     */
    public static Figure convergence(Landscape land, String title) {
        Checks.notNull("landscape", land);
        int[][] steps = land.stepsToConverge();
        double[][] z = new double[steps.length][];
        for (int ib = 0; ib < steps.length; ib++) {
            z[ib] = new double[steps[ib].length];
            for (int ia = 0; ia < steps[ib].length; ia++) {
                z[ib][ia] = steps[ib][ia] == Landscape.NOT_CONVERGED ? Double.NaN : steps[ib][ia];
            }
        }
        Map<String, Object> heat = trace("heatmap");
        heat.put("x", land.a());
        heat.put("y", land.b());
        heat.put("z", z);
        heat.put("colorscale", List.of(List.of(0, "#c6dbef"), List.of(1, "#08306b")));
        heat.put("colorbar", map("title", map("text", "steps")));
        heat.put("hovertemplate", "a=%{x:.4g}<br>b=%{y:.4g}<br>%{z} steps<extra></extra>");
        List<Map<String, Object>> data = new ArrayList<>();
        data.add(heat);
        data.addAll(memoryMarkers(land, null));
        return new PlotlyFigure(data, planeLayout(land, title));
    }

    /**
     * Trajectories of the stored starting points (circle: start, cross: end; coloured by the basin they end
     * in) over the energy's contour lines, with the first update step {@code T(x) - x} of a coarse grid drawn
     * as arrows (their in-plane part, scaled so the longest spans one coarse cell).
     *
     * @param land the landscape
     * @param title the figure's title
     * @return the figure
     */
    public static Figure trajectories(Landscape land, String title) {
        Checks.notNull("landscape", land);
        return trajectories(land, title, highlightedMemories(land));
    }

    /**
     * The trajectories figure with the memories to colour given, as for {@link #basins(Landscape, String, int...)}.
     *
     * @param land the landscape
     * @param title the figure's title
     * @param memories the memories to colour, at most ten, distinct
     * @return the figure
     */
    public static Figure trajectories(Landscape land, String title, int... memories) {
        Checks.notNull("landscape", land);
        int[] shown = checkShown(land, memories);
        List<Map<String, Object>> data = new ArrayList<>();
        if (land.hasEnergy()) {
            Map<String, Object> contour = trace("contour");
            contour.put("x", land.a());
            contour.put("y", land.b());
            contour.put("z", land.energy());
            contour.put("ncontours", 30);
            contour.put("contours", map("coloring", "lines"));
            contour.put("colorscale", List.of(List.of(0, "#bbbbbb"), List.of(1, "#bbbbbb")));
            contour.put("showscale", false);
            contour.put("hoverinfo", "skip");
            contour.put("name", "energy contours");
            data.add(contour);
        }
        data.addAll(arrows(land));
        int i = 0;
        for (Trajectory t : land.trajectories()) {
            String colour = colour(t.basin(), shown);
            double[] a = t.a();
            double[] b = t.b();
            Map<String, Object> path = trace("scatter");
            path.put("x", a);
            path.put("y", b);
            path.put("mode", "lines+markers");
            path.put("line", map("color", colour, "width", 2));
            path.put("marker", map("size", 3, "color", colour));
            path.put("name", "path " + i);
            path.put("showlegend", false);
            path.put("hovertemplate", "step %{pointNumber}<br>a=%{x:.4g}<br>b=%{y:.4g}<extra>path " + i + "</extra>");
            data.add(path);
            Map<String, Object> ends = trace("scatter");
            ends.put("x", new double[] {a[0], a[a.length - 1]});
            ends.put("y", new double[] {b[0], b[b.length - 1]});
            ends.put("mode", "markers");
            ends.put("marker", map("size", 9, "color", colour, "symbol", List.of("circle-open", "x"),
                    "line", map("width", 2, "color", colour)));
            ends.put("showlegend", false);
            ends.put("hoverinfo", "skip");
            data.add(ends);
            i++;
        }
        data.addAll(memoryMarkers(land, shown));
        return new PlotlyFigure(data, planeLayout(land, title));
    }

    /** Viridis, sampled at 17 evenly spaced points (the colour scale of the energy maps). */
    static final String[] VIRIDIS = {"#440154", "#48186a", "#472d7b", "#424086", "#3b528b", "#33638d", "#2c728e",
        "#26828e", "#21918c", "#1fa088", "#28ae80", "#3fbc73", "#5ec962", "#84d44b", "#addc30", "#d8e219", "#fde725"};

    /** Grid cells per side of the static surface. */
    static final int SURFACE_CELLS = 28;

    /**
     * The energy (eq. 2.2) on the plane as a 3-D surface seen from a fixed viewpoint (azimuth -55 degrees,
     * elevation 30 degrees), drawn as plain SVG: the grid's cells (at most 28 x 28 of them) are projected and
     * painted from back to front, coloured by energy (Viridis, as in {@link #energy}), with the memories that
     * lie on the plane marked at their energy (drawn on top) and the window's floor outlined. Static, but it
     * renders in any browser and quickly without a GPU; {@link #interactiveSurface} gives a rotatable WebGL one.
     *
     * @param land the landscape
     * @param title the figure's title
     * @return the figure
     * @throws IllegalStateException when the landscape has no energy
     */
    public static Figure surface(Landscape land, String title) {
        Checks.notNull("landscape", land);
        double[][] energy = land.energy();
        double[] a = land.a();
        double[] b = land.b();
        int[] ia = cells(a.length);
        int[] ib = cells(b.length);
        double zMin = Double.POSITIVE_INFINITY;
        double zMax = Double.NEGATIVE_INFINITY;
        for (double[] row : energy) {
            for (double v : row) {
                zMin = Math.min(zMin, v);
                zMax = Math.max(zMax, v);
            }
        }
        double zRange = zMax > zMin ? zMax - zMin : 1;
        Projection view = new Projection(a[0], a[a.length - 1], b[0], b[b.length - 1], zMin, zRange);
        // the cells, each with its corners on screen, its depth and its colour band
        List<double[]> quads = new ArrayList<>();
        for (int j = 0; j + 1 < ib.length; j++) {
            for (int i = 0; i + 1 < ia.length; i++) {
                int[][] corners = {{ia[i], ib[j]}, {ia[i + 1], ib[j]}, {ia[i + 1], ib[j + 1]}, {ia[i], ib[j + 1]}};
                double[] q = new double[10];
                double depth = 0;
                double mean = 0;
                for (int c = 0; c < 4; c++) {
                    double e = energy[corners[c][1]][corners[c][0]];
                    double[] p = view.project(a[corners[c][0]], b[corners[c][1]], e);
                    q[2 * c] = p[0];
                    q[2 * c + 1] = p[1];
                    depth += p[2] / 4;
                    mean += e / 4;
                }
                q[8] = depth;
                q[9] = Math.min(VIRIDIS.length - 1, (int) Math.floor((mean - zMin) / zRange * VIRIDIS.length));
                quads.add(q);
            }
        }
        quads.sort((p, q) -> Double.compare(q[8], p[8])); // farthest first (painter's algorithm)
        List<Map<String, Object>> data = new ArrayList<>();
        int k = 0;
        while (k < quads.size()) { // consecutive cells of one colour share a trace; each cell is its own closed shape
            int band = (int) quads.get(k)[9];
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            while (k < quads.size() && (int) quads.get(k)[9] == band) {
                double[] q = quads.get(k);
                for (int c = 0; c < 4; c++) {
                    xs.add(q[2 * c]);
                    ys.add(q[2 * c + 1]);
                }
                xs.add(q[0]);
                ys.add(q[1]);
                xs.add(null);
                ys.add(null);
                k++;
            }
            Map<String, Object> t = trace("scatter");
            t.put("x", xs);
            t.put("y", ys);
            t.put("mode", "lines");
            t.put("fill", "toself");
            t.put("fillcolor", VIRIDIS[band]);
            t.put("line", map("color", "rgba(0,0,0,0.25)", "width", 0.4));
            t.put("hoverinfo", "skip");
            t.put("showlegend", false);
            data.add(t);
        }
        // the floor of the window (at the lowest energy), with the coordinate range on two of its edges
        double aLo = a[0];
        double aHi = a[a.length - 1];
        double bLo = b[0];
        double bHi = b[b.length - 1];
        double[][] floor = {view.project(aLo, bLo, zMin), view.project(aHi, bLo, zMin), view.project(aHi, bHi, zMin),
            view.project(aLo, bHi, zMin), view.project(aLo, bLo, zMin)};
        Map<String, Object> box = trace("scatter");
        List<Double> fx = new ArrayList<>();
        List<Double> fy = new ArrayList<>();
        for (double[] p : floor) {
            fx.add(p[0]);
            fy.add(p[1]);
        }
        box.put("x", fx);
        box.put("y", fy);
        box.put("mode", "lines");
        box.put("line", map("color", "#999999", "width", 1, "dash", "dot"));
        box.put("hoverinfo", "skip");
        box.put("showlegend", false);
        data.add(0, box);
        double[] p1 = view.project(aLo, bLo, zMin);
        double[] p2 = view.project(aHi, bLo, zMin);
        double[] p3 = view.project(aHi, bHi, zMin);
        Map<String, Object> ticks = trace("scatter");
        ticks.put("x", List.of((p1[0] + p2[0]) / 2, (p2[0] + p3[0]) / 2));
        ticks.put("y", List.of((p1[1] + p2[1]) / 2, (p2[1] + p3[1]) / 2));
        ticks.put("mode", "text");
        ticks.put("text", List.of("a: " + Html.number(aLo, 3) + " \u2192 " + Html.number(aHi, 3),
                "b: " + Html.number(bLo, 3) + " \u2192 " + Html.number(bHi, 3)));
        ticks.put("textposition", List.of("bottom left", "bottom right"));
        ticks.put("textfont", map("size", 11, "color", "#555555"));
        ticks.put("hoverinfo", "skip");
        ticks.put("showlegend", false);
        data.add(ticks);
        // memories on the plane, at their energy
        double[][] c = land.memoryCoordinates();
        double[] e = land.memoryEnergy();
        boolean[] on = onPlane(land);
        List<Double> mx = new ArrayList<>();
        List<Double> my = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < c.length; i++) {
            if (on[i] && inside(land, c[i])) {
                double[] p = view.project(c[i][0], c[i][1], e[i]);
                mx.add(p[0]);
                my.add(p[1]);
                labels.add("\u03be" + i);
            }
        }
        Map<String, Object> marks = trace("scatter");
        marks.put("x", mx);
        marks.put("y", my);
        marks.put("mode", "markers+text");
        marks.put("text", labels);
        marks.put("textposition", "top center");
        marks.put("textfont", map("size", 13, "color", "#000000"));
        marks.put("marker", map("size", 9, "color", "#ffffff", "line", map("width", 2, "color", "#000000")));
        marks.put("name", "memories (drawn on top)");
        marks.put("hoverinfo", "skip");
        data.add(marks);
        // the colour bar: an invisible marker carrying the scale
        Map<String, Object> bar = trace("scatter");
        bar.put("x", List.of(floor[0][0], floor[0][0]));
        bar.put("y", List.of(floor[0][1], floor[0][1]));
        bar.put("mode", "markers");
        bar.put("marker", map("size", 0.1, "opacity", 0, "color", List.of(zMin, zMax), "cmin", zMin, "cmax", zMax,
                "colorscale", "Viridis", "showscale", true, "colorbar", map("title", map("text", "E(x)"))));
        bar.put("hoverinfo", "skip");
        bar.put("showlegend", false);
        data.add(bar);
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("title", map("text", title, "x", 0.02, "xanchor", "left", "font", map("size", 14)));
        layout.put("width", SIZE + 110);
        layout.put("height", SIZE + 40);
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (double[] q : quads) {
            for (int cidx = 0; cidx < 4; cidx++) {
                xLo = Math.min(xLo, q[2 * cidx]);
                xHi = Math.max(xHi, q[2 * cidx]);
                yLo = Math.min(yLo, q[2 * cidx + 1]);
                yHi = Math.max(yHi, q[2 * cidx + 1]);
            }
        }
        for (double[] f : floor) {
            xLo = Math.min(xLo, f[0]);
            xHi = Math.max(xHi, f[0]);
            yLo = Math.min(yLo, f[1]);
            yHi = Math.max(yHi, f[1]);
        }
        double padX = 0.22 * (xHi - xLo);
        double padY = 0.12 * (yHi - yLo);
        layout.put("xaxis", map("visible", false, "range", List.of(xLo - padX, xHi + padX), "constrain", "domain"));
        layout.put("yaxis", map("visible", false, "range", List.of(yLo - padY, yHi + padY / 2), "scaleanchor", "x",
                "scaleratio", 1, "constrain", "domain"));
        layout.put("legend", map("orientation", "h", "y", -0.02));
        layout.put("margin", map("l", 10, "r", 10, "t", 50, "b", 30));
        layout.put("plot_bgcolor", "#ffffff");
        return new PlotlyFigure(data, layout);
    }

    /** Indices {@code 0, ..., n - 1} spaced to give at most {@link #SURFACE_CELLS} cells, ends included. */
    static int[] cells(int n) {
        int stride = (n - 1 + SURFACE_CELLS - 1) / SURFACE_CELLS; // ceil((n - 1) / cells)
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n - 1; i += Math.max(1, stride)) {
            out.add(i);
        }
        out.add(n - 1);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * An orthographic view of the box {@code [aLo, aHi] x [bLo, bHi] x [zMin, zMin + zRange]}, scaled to a unit
     * square floor and a height of 0.7, turned by the azimuth and tilted by the elevation.
     */
    static final class Projection {
        private static final double AZIMUTH = Math.toRadians(-55);
        private static final double ELEVATION = Math.toRadians(30);
        private final double aMid;
        private final double aHalf;
        private final double bMid;
        private final double bHalf;
        private final double zMin;
        private final double zRange;

        Projection(double aLo, double aHi, double bLo, double bHi, double zMin, double zRange) {
            this.aMid = (aLo + aHi) / 2;
            this.aHalf = Math.max((aHi - aLo) / 2, 1e-300);
            this.bMid = (bLo + bHi) / 2;
            this.bHalf = Math.max((bHi - bLo) / 2, 1e-300);
            this.zMin = zMin;
            this.zRange = zRange;
        }

        /** Screen x, screen y and depth (larger = farther) of a point. */
        double[] project(double a, double b, double z) {
            double x = (a - aMid) / aHalf;
            double y = (b - bMid) / bHalf;
            double h = 1.4 * (z - zMin) / zRange;
            double xr = x * Math.cos(AZIMUTH) - y * Math.sin(AZIMUTH);
            double yr = x * Math.sin(AZIMUTH) + y * Math.cos(AZIMUTH);
            return new double[] {xr, yr * Math.sin(ELEVATION) + h * Math.cos(ELEVATION),
                yr * Math.cos(ELEVATION) - h * Math.sin(ELEVATION)};
        }
    }

    /**
     * The energy (eq. 2.2) on the plane as an interactive 3-D surface (Plotly's WebGL {@code surface} trace,
     * drawn on at most 41 x 41 of the grid's points), with the memories that lie on the plane marked at their
     * energy. It can be rotated in a browser with WebGL; without a GPU (headless browsers, software WebGL) a
     * page with several of these and many other figures renders very slowly — {@link #surface} draws the same
     * surface as plain SVG.
     *
     * @param land the landscape
     * @param title the figure's title
     * @return the figure
     * @throws IllegalStateException when the landscape has no energy
     */
    public static Figure interactiveSurface(Landscape land, String title) {
        Checks.notNull("landscape", land);
        // at most SURFACE_POINTS per side: a WebGL scene that draws quickly, also in software
        int[] ia = every(land.a().length);
        int[] ib = every(land.b().length);
        double[] a = land.a();
        double[] b = land.b();
        double[][] energy = land.energy();
        double[] sa = new double[ia.length];
        double[] sb = new double[ib.length];
        double[][] sz = new double[ib.length][ia.length];
        for (int i = 0; i < ia.length; i++) {
            sa[i] = a[ia[i]];
        }
        for (int j = 0; j < ib.length; j++) {
            sb[j] = b[ib[j]];
            for (int i = 0; i < ia.length; i++) {
                sz[j][i] = energy[ib[j]][ia[i]];
            }
        }
        List<Map<String, Object>> data = new ArrayList<>();
        Map<String, Object> surf = trace("surface");
        surf.put("x", sa);
        surf.put("y", sb);
        surf.put("z", sz);
        surf.put("colorscale", "Viridis");
        surf.put("colorbar", map("title", map("text", "E(x)")));
        surf.put("contours", map("z", map("show", true, "usecolormap", true, "project", map("z", true))));
        data.add(surf);
        double[][] c = land.memoryCoordinates();
        double[] e = land.memoryEnergy();
        boolean[] on = onPlane(land);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> zs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < c.length; i++) {
            if (on[i] && inside(land, c[i])) {
                xs.add(c[i][0]);
                ys.add(c[i][1]);
                zs.add(e[i]);
                labels.add("\u03be" + i);
            }
        }
        Map<String, Object> marks = trace("scatter3d");
        marks.put("x", xs);
        marks.put("y", ys);
        marks.put("z", zs);
        marks.put("mode", "markers+text");
        marks.put("text", labels);
        marks.put("marker", map("size", 5, "color", "#ffffff", "line", map("width", 2, "color", "#000000")));
        marks.put("name", "memories");
        data.add(marks);
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("title", map("text", title, "x", 0.02, "xanchor", "left", "font", map("size", 14)));
        layout.put("width", SIZE + 110);
        layout.put("height", SIZE + 40);
        layout.put("scene", map("xaxis", map("title", map("text", "a")), "yaxis", map("title", map("text", "b")),
                "zaxis", map("title", map("text", "E(x)")), "aspectmode", "manual",
                "aspectratio", map("x", 1, "y", 1, "z", 0.7), "camera", map("eye", map("x", 1.4, "y", -1.4, "z", 1.0))));
        layout.put("margin", map("l", 10, "r", 10, "t", 50, "b", 10));
        return new PlotlyFigure(data, layout);
    }

    /**
     * Figures next to each other (wrapping on narrow pages), as HTML for {@code display("text/html", ...)};
     * the first call in a session also carries plotly.js, as {@link Plots#html} does.
     *
     * @param figures the figures, left to right
     * @return the HTML
     */
    public static String sideBySide(Figure... figures) {
        Checks.notNull("figures", figures);
        return "<div style=\"display:flex;flex-wrap:wrap;gap:8px\">" + Plots.html(figures) + "</div>";
    }

    // --------------------------------------------------------------------------------------------- pieces

    private static int[] checkShown(Landscape land, int[] memories) {
        Checks.notNull("memories", memories);
        if (memories.length > MEMORY_COLOURS.length) {
            throw new IllegalArgumentException("at most " + MEMORY_COLOURS.length + " memories can have their own "
                    + "colour, got " + memories.length);
        }
        for (int i = 0; i < memories.length; i++) {
            if (memories[i] < 0 || memories[i] >= land.memoryCount()) {
                throw new IllegalArgumentException(
                        "memory index must be in [0, " + land.memoryCount() + "), got " + memories[i]);
            }
            for (int j = 0; j < i; j++) {
                if (memories[j] == memories[i]) {
                    throw new IllegalArgumentException("memory " + memories[i] + " is listed twice");
                }
            }
        }
        return memories.clone();
    }

    /**
     * The memories {@link #basins(Landscape, String)} colours, for one or several landscapes of the same
     * memories: all when M is at most 10, otherwise the defining memories of the first landscape's plane
     * followed by the memories with the largest basins (summed over the landscapes), up to ten. Pass the
     * result to {@link #basins(Landscape, String, int...)} for each landscape, so that a memory keeps its
     * colour from one picture to the next.
     *
     * @param landscapes one or more landscapes of the same memories
     * @return the memory indices, at most ten
     */
    public static int[] highlightedMemories(Landscape... landscapes) {
        Checks.notNull("landscapes", landscapes);
        if (landscapes.length == 0) {
            throw new IllegalArgumentException("landscapes must not be empty");
        }
        int m = landscapes[0].memoryCount();
        double[] shares = new double[m];
        for (Landscape l : landscapes) {
            Checks.notNull("landscape", l);
            if (l.memoryCount() != m) {
                throw new IllegalArgumentException(
                        "landscapes must have the same memories, got M = " + m + " and M = " + l.memoryCount());
            }
            double[] s = l.shares();
            for (int i = 0; i < m; i++) {
                shares[i] += s[i];
            }
        }
        if (m <= MEMORY_COLOURS.length) {
            int[] all = new int[m];
            for (int i = 0; i < m; i++) {
                all[i] = i;
            }
            return all;
        }
        List<Integer> out = new ArrayList<>();
        for (int i : landscapes[0].plane().definingMemories()) {
            out.add(i);
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(shares[q], shares[p])); // stable: ties keep index order
        for (int i : order) {
            if (out.size() >= MEMORY_COLOURS.length || shares[i] == 0) {
                break;
            }
            if (!out.contains(i)) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int category(int basin, int[] shown) {
        if (basin == Landscape.NO_MEMORY) {
            return shown.length + 1;
        }
        for (int i = 0; i < shown.length; i++) {
            if (shown[i] == basin) {
                return i;
            }
        }
        return shown.length;
    }

    private static String colour(int basin, int[] shown) {
        int c = category(basin, shown);
        return c < shown.length ? MEMORY_COLOURS[c] : c == shown.length ? OTHER_MEMORY : "#999999";
    }

    /** The most grid points per side a surface draws. */
    static final int SURFACE_POINTS = 41;

    /** Indices {@code 0, s, 2s, ..., n - 1} with at most {@link #SURFACE_POINTS} of them. */
    static int[] every(int n) {
        int stride = (n - 1 + SURFACE_POINTS - 2) / (SURFACE_POINTS - 1); // ceil((n - 1) / (S - 1))
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n - 1; i += Math.max(1, stride)) {
            out.add(i);
        }
        out.add(n - 1);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Memories on the plane: distance from it at most a millionth of the window's width. */
    private static boolean[] onPlane(Landscape land) {
        double width = land.settings().aMax() - land.settings().aMin();
        double[] off = land.memoryOffPlane();
        boolean[] on = new boolean[off.length];
        for (int i = 0; i < off.length; i++) {
            on[i] = off[i] <= 1e-6 * width;
        }
        return on;
    }

    private static boolean inside(Landscape land, double[] c) {
        Landscape.Settings s = land.settings();
        return c[0] >= s.aMin() && c[0] <= s.aMax() && c[1] >= s.bMin() && c[1] <= s.bMax();
    }

    /**
     * The memories as markers: those on the plane labelled (filled in their basin colour when
     * {@code shown} is given, white otherwise); projections of the others inside the window as one hidden
     * legend entry.
     */
    private static List<Map<String, Object>> memoryMarkers(Landscape land, int[] shown) {
        double[][] c = land.memoryCoordinates();
        double[] off = land.memoryOffPlane();
        boolean[] on = onPlane(land);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> fills = new ArrayList<>();
        List<Double> ox = new ArrayList<>();
        List<Double> oy = new ArrayList<>();
        List<String> otext = new ArrayList<>();
        for (int i = 0; i < c.length; i++) {
            if (!inside(land, c[i])) {
                continue;
            }
            if (on[i]) {
                xs.add(c[i][0]);
                ys.add(c[i][1]);
                labels.add("\u03be" + i);
                fills.add(shown == null ? "#ffffff" : colour(i, shown));
            } else {
                ox.add(c[i][0]);
                oy.add(c[i][1]);
                otext.add("projection of \u03be" + i + ", " + Html.number(off[i], 3) + " from the plane");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> marks = trace("scatter");
        marks.put("x", xs);
        marks.put("y", ys);
        marks.put("mode", "markers+text");
        marks.put("text", labels);
        marks.put("textposition", "top center");
        marks.put("textfont", map("size", 13, "color", "#000000"));
        marks.put("marker", map("size", 11, "color", fills, "line", map("width", 2, "color", "#000000")));
        marks.put("name", "memories");
        marks.put("hovertemplate", "%{text}<br>a=%{x:.4g}<br>b=%{y:.4g}<extra></extra>");
        out.add(marks);
        if (!ox.isEmpty()) {
            Map<String, Object> others = trace("scatter");
            others.put("x", ox);
            others.put("y", oy);
            others.put("mode", "markers");
            others.put("text", otext);
            others.put("marker", map("size", 6, "color", "rgba(0,0,0,0)", "line", map("width", 1, "color", "#000000")));
            others.put("name", "other memories (projected)");
            others.put("visible", "legendonly");
            others.put("hovertemplate", "%{text}<extra></extra>");
            out.add(others);
        }
        return out;
    }

    /** The first update step of a coarse grid as arrows: segments (one trace) and heads (markers). */
    private static List<Map<String, Object>> arrows(Landscape land) {
        double[] a = land.a();
        double[] b = land.b();
        double[][] da = land.firstStepA();
        double[][] db = land.firstStepB();
        int every = Math.max(1, Math.max(a.length, b.length) / 15);
        double cell = every * Math.min((a[a.length - 1] - a[0]) / (a.length - 1), (b[b.length - 1] - b[0]) / (b.length - 1));
        double longest = 0;
        for (int ib = every / 2; ib < b.length; ib += every) {
            for (int ia = every / 2; ia < a.length; ia += every) {
                longest = Math.max(longest, Math.hypot(da[ib][ia], db[ib][ia]));
            }
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> hx = new ArrayList<>();
        List<Double> hy = new ArrayList<>();
        List<Double> angle = new ArrayList<>();
        double scale = longest > 0 ? 0.9 * cell / longest : 0;
        for (int ib = every / 2; ib < b.length; ib += every) {
            for (int ia = every / 2; ia < a.length; ia += every) {
                double ex = a[ia] + scale * da[ib][ia];
                double ey = b[ib] + scale * db[ib][ia];
                xs.add(a[ia]);
                ys.add(b[ib]);
                xs.add(ex);
                ys.add(ey);
                xs.add(null);
                ys.add(null);
                if (Math.hypot(da[ib][ia], db[ib][ia]) * scale > 0.05 * cell) {
                    hx.add(ex);
                    hy.add(ey);
                    // Plotly's marker angle: degrees clockwise from up
                    angle.add(Math.toDegrees(Math.atan2(da[ib][ia], db[ib][ia])));
                }
            }
        }
        Map<String, Object> lines = trace("scatter");
        lines.put("x", xs);
        lines.put("y", ys);
        lines.put("mode", "lines");
        lines.put("line", map("color", "rgba(60,60,60,0.7)", "width", 1));
        lines.put("name", "first step T(x) - x (scaled)");
        lines.put("hoverinfo", "skip");
        Map<String, Object> heads = trace("scatter");
        heads.put("x", hx);
        heads.put("y", hy);
        heads.put("mode", "markers");
        heads.put("marker", map("symbol", "triangle-up", "size", 6, "angle", angle, "color", "rgba(60,60,60,0.8)"));
        heads.put("showlegend", false);
        heads.put("hoverinfo", "skip");
        return List.of(lines, heads);
    }

    private static Map<String, Object> planeLayout(Landscape land, String title) {
        Landscape.Settings s = land.settings();
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("title", map("text", title, "x", 0.02, "xanchor", "left", "font", map("size", 14)));
        layout.put("width", SIZE + 110);
        layout.put("height", SIZE + 40);
        layout.put("xaxis", map("title", map("text", "a (along u)"), "range", List.of(s.aMin(), s.aMax()),
                "constrain", "domain"));
        layout.put("yaxis", map("title", map("text", "b (along v)"), "range", List.of(s.bMin(), s.bMax()),
                "scaleanchor", "x", "scaleratio", 1, "constrain", "domain"));
        layout.put("legend", map("orientation", "h", "y", -0.15));
        layout.put("margin", map("l", 60, "r", 20, "t", 50, "b", 60));
        return layout;
    }

    private static Map<String, Object> trace(String type) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("type", type);
        return t;
    }

    /** A map from alternating keys and values, in order. */
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // --------------------------------------------------------------------------------------------- JSON

    /** JSON text of maps, lists, arrays, strings, numbers and booleans; NaN and infinities become null. */
    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Double || v instanceof Float) {
            number(out, ((Number) v).doubleValue());
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof double[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                number(out, a[i]);
            }
            out.append(']');
        } else if (v instanceof int[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(a[i]);
            }
            out.append(']');
        } else if (v instanceof Object[] a) {
            write(out, Arrays.asList(a));
        } else if (v instanceof Iterable<?> it) {
            out.append('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(out, o);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    private static void number(StringBuilder out, double d) {
        if (!Double.isFinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append((long) d);
        } else {
            String s = String.format(Locale.ROOT, "%.6g", d);
            if (s.contains("e")) {
                String[] parts = s.split("e");
                out.append(trimZeros(parts[0])).append('e').append(Integer.parseInt(parts[1]));
            } else {
                out.append(trimZeros(s));
            }
        }
    }

    private static String trimZeros(String s) {
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<' -> out.append("\\u003c"); // no "</script>" inside the page's script
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * A figure given as Plotly JSON (data and layout), drawn with {@code Plotly.newPlot}: for the trace
     * types and settings tablesaw-jsplot does not write.
     */
    static final class PlotlyFigure extends Figure {
        private final String data;
        private final String layout;

        PlotlyFigure(List<Map<String, Object>> data, Map<String, Object> layout) {
            super();
            this.data = json(data);
            this.layout = json(layout);
        }

        @Override
        public String asJavascript(String divName) {
            return "<script>\nPlotly.newPlot('" + divName + "', " + data + ", " + layout + ");\n</script>";
        }
    }
}
