package org.uhopkit.report;

import org.uhopkit.internal.Checks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tech.tablesaw.plotly.components.Figure;

/**
 * Plotly figures as self-contained HTML, for notebooks ({@code display("text/html", Plots.html(fig))})
 * and files. plotly.js is inlined from the webjar on the class path (no CDN, works offline), guarded so
 * that a page with require.js still gets a global {@code Plotly}. Each figure sits in a
 * {@code <div class="uhop-figure">}, which the render check looks for.
 */
public final class Plots {

    /** The CSS class of every figure div. */
    public static final String FIGURE_CLASS = "uhop-figure";

    private static final String PLOTLY = "META-INF/resources/webjars/plotly.js-dist/2.35.3/plotly.js";
    private static final AtomicBoolean SCRIPT_SENT = new AtomicBoolean();
    private static final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> SEEN =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static volatile String script;

    private Plots() {}

    /**
     * HTML for the figures. The first call in a JVM (a notebook session) also carries plotly.js; later
     * calls rely on it. Use {@link #standalone(Figure...)} for a file of its own.
     *
     * @param figures the figures
     * @return the HTML
     */
    public static String html(Figure... figures) {
        StringBuilder out = new StringBuilder();
        if (SCRIPT_SENT.compareAndSet(false, true)) {
            out.append(plotlyScript());
        }
        for (Figure f : figures) {
            out.append(div(f));
        }
        return out.toString();
    }

    /**
     * A complete HTML page with plotly.js inlined and the figures.
     *
     * @param figures the figures
     * @return the HTML
     */
    public static String standalone(Figure... figures) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                + "<title>uhop-kit figure</title></head><body>\n");
        out.append(plotlyScript());
        java.util.Map<String, AtomicInteger> page = new java.util.HashMap<>();
        for (Figure f : figures) {
            out.append(div(f, page));
        }
        return out.append("</body></html>\n").toString();
    }

    /**
     * The inlined plotly.js, guarded against require.js (STACK.md).
     *
     * @return the HTML
     */
    public static String plotlyScript() {
        return "<script>window.__uhopDefine=window.define;window.define=undefined;</script>\n<script>"
                + plotlyJs() + "</script>\n<script>window.define=window.__uhopDefine;</script>\n";
    }

    /**
     * One figure's div and the script that draws it. The div id is derived from the figure's content (and
     * how often the same content was shown before in this JVM), so reruns give identical HTML.
     *
     * @param figure the figure
     * @return the HTML
     */
    public static String div(Figure figure) {
        return div(figure, SEEN);
    }

    private static String div(Figure figure, java.util.Map<String, AtomicInteger> seen) {
        Checks.notNull("figure", figure);
        // a JS identifier (jsplot writes var target_<id>); the count keeps repeated figures apart
        String hash = Long.toHexString(fnv64(figure.asJavascript("uhop_fig_ID")));
        int n = seen.computeIfAbsent(hash, k -> new AtomicInteger()).incrementAndGet();
        String id = "uhop_fig_" + hash + "_" + n;
        return "<div id=\"" + id + "\" class=\"" + FIGURE_CLASS + "\"></div>\n"
                + figure.asJavascript(id) + "\n";
    }

    /** FNV-1a, 64 bit: a stable content hash (String.hashCode is too short for ids on a long page). */
    static long fnv64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static String plotlyJs() {
        String s = script;
        if (s == null) {
            try (InputStream in = Plots.class.getClassLoader().getResourceAsStream(PLOTLY)) {
                if (in == null) {
                    throw new IllegalStateException("plotly.js not found on the class path at " + PLOTLY
                            + " (is org.webjars.npm:plotly.js-dist:2.35.3 there?)");
                }
                s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            script = s;
        }
        return s;
    }
}
