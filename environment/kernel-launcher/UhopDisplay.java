import java.lang.reflect.Method;
import java.util.List;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

/**
 * Display extension for the uhop-kit kernel (loaded by the kernel's ServiceLoader from its own class
 * path). The value that ends a cell is shown as the HTML that the kit's one display entry,
 * {@code org.uhopkit.report.Display.html(Object)}, returns for it (tables, figures, claim reports, image
 * strips ...); when that is null the kernel shows the value as usual. A multi-line String keeps its line
 * breaks. Notebook classes live in another class loader, so the entry is found by name through the
 * value's own class loader and called reflectively.
 */
public final class UhopDisplay implements DisplayProvider {

    /** The kit's display entry: one public static method {@code String html(Object)}. */
    static final String DISPLAY_CLASS = "org.uhopkit.report.Display";

    /** HTML produced by the transformer. */
    public static final class Html {
        final String html;

        Html(String html) {
            this.html = html;
        }
    }

    @Override
    public List<DisplayRenderer> getDisplayRenderers() {
        return List.of(new Renderer(Html.class) {
            @Override
            public DisplayData render(String mime, Object o) {
                return DisplayData.fromHtml(((Html) o).html);
            }
        }, new Renderer(String.class) {
            @Override
            public DisplayData render(String mime, Object o) {
                String s = (String) o;
                if (s.indexOf('\n') < 0 || s.trim().startsWith("<")) {
                    return DisplayData.fromHtml(s);
                }
                return DisplayData.fromHtml("<pre>" + s.replace("&", "&amp;").replace("<", "&lt;")
                        .replace(">", "&gt;") + "</pre>");
            }
        });
    }

    @Override
    public List<DisplayTransformer> getDisplayTransformers() {
        return List.of(new DisplayTransformer() {
            // The kernel asks canTransform, then transform, for the same value on the same thread. The HTML
            // is made once, in canTransform (Display.html may carry plotly.js only the first time), and
            // handed over here.
            private Object lastValue;
            private String lastHtml;

            @Override
            public synchronized boolean canTransform(Object o) {
                lastValue = null;
                lastHtml = null;
                String html = o == null ? null : html(o);
                if (html == null) {
                    return false;
                }
                lastValue = o;
                lastHtml = html;
                return true;
            }

            @Override
            public Class<?> transformedClass() {
                return Html.class;
            }

            @Override
            public synchronized Object transform(Object o) {
                String html = o == lastValue ? lastHtml : html(o);
                lastValue = null;
                lastHtml = null;
                return new Html(html);
            }
        });
    }

    /**
     * {@code Display.html(o)} from the kit that {@code o}'s class loader sees; null when that loader has no
     * kit (JDK classes, the kernel's own) or the kit has no HTML form for {@code o}.
     */
    static String html(Object o) {
        ClassLoader loader = o.getClass().getClassLoader();
        if (loader == null) {
            return null;
        }
        Method entry;
        try {
            entry = Class.forName(DISPLAY_CLASS, true, loader).getMethod("html", Object.class);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the kit's " + DISPLAY_CLASS + " has no usable html(Object): " + e, e);
        }
        try {
            return (String) entry.invoke(null, o);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // fail the cell rather than hide a table or figure as text (the render check would not see it)
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            throw new IllegalStateException("could not display a " + o.getClass().getName() + " with "
                    + DISPLAY_CLASS + ".html: " + cause, cause);
        }
    }

    private abstract static class Renderer implements DisplayRenderer {
        private final Class<?> type;

        Renderer(Class<?> type) {
            this.type = type;
        }

        @Override
        public Class<?> rendererClass() {
            return type;
        }

        @Override
        public boolean canRender(String mime) {
            return mime == null || mime.contains("html");
        }
    }
}
