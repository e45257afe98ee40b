package org.uhopkit.report;

/**
 * A kit result that has an HTML form for notebooks: a claim report, an image strip. A notebook cell that
 * ends with one shows it as HTML (the kernel calls {@link Display#html(Object)}, which calls {@link #html()});
 * elsewhere {@code display("text/html", x.html())} does the same.
 */
@FunctionalInterface
public interface Renderable {

    /**
     * The HTML of this result: a fragment for a notebook cell or a page body, self-contained (images as data
     * URIs, plotly.js inlined once per JVM through {@link Plots#html}).
     *
     * @return the HTML fragment, never null
     */
    String html();
}
