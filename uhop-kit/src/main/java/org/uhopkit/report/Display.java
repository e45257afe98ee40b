package org.uhopkit.report;

import java.lang.reflect.Array;
import java.util.Collection;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * The one place that decides how a kit object looks in a notebook. The Jupyter kernel set up by
 * {@code environment/setup.sh} calls {@link #html(Object)} (by this name, reflectively) for the value that
 * ends a cell and shows the HTML it returns; anything else it shows as the kernel would.
 *
 * <pre>
 * jshell&gt; Display.html(report.table())     // what a cell ending with report.table() shows
 * </pre>
 */
public final class Display {

    private Display() {}

    /**
     * The HTML form of {@code o}:
     * <ul>
     *   <li>a {@link Renderable} (claim report, {@link ImageStrip} ...): its {@link Renderable#html()};
     *   <li>a Tablesaw {@link Table}: {@link Tables#html(Table)} (at most {@value Tables#DEFAULT_MAX_ROWS} rows,
     *       4 significant digits);
     *   <li>a jsplot {@link Figure} or {@code Figure[]}: {@link Plots#html(Figure...)} (plotly.js inlined once
     *       per JVM);
     *   <li>a non-empty collection or array whose every element has an HTML form: their HTML one after the
     *       other;
     *   <li>anything else, and null: null (no HTML form).
     * </ul>
     * Note that a figure's HTML carries plotly.js the first time one is shown in the JVM: call this once per
     * display.
     *
     * @param o any object, or null
     * @return the HTML, or null when {@code o} has no HTML form
     */
    public static String html(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Renderable r) {
            return r.html();
        }
        if (o instanceof Table t) {
            return Tables.html(t);
        }
        if (o instanceof Figure f) {
            return Plots.html(f);
        }
        if (o instanceof Figure[] fs && fs.length > 0) {
            return Plots.html(fs);
        }
        Object[] items = o instanceof Collection<?> c ? c.toArray()
                : o.getClass().isArray() && !o.getClass().getComponentType().isPrimitive() ? toArray(o) : null;
        if (items == null || items.length == 0) {
            return null;
        }
        for (Object item : items) {
            if (!hasHtml(item)) {
                return null;
            }
        }
        StringBuilder out = new StringBuilder();
        for (Object item : items) {
            out.append(html(item));
        }
        return out.toString();
    }

    private static boolean hasHtml(Object o) {
        return o instanceof Renderable || o instanceof Table || o instanceof Figure;
    }

    private static Object[] toArray(Object array) {
        Object[] out = new Object[Array.getLength(array)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Array.get(array, i);
        }
        return out;
    }
}
