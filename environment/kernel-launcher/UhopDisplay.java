import java.util.List;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

/**
 * Display extension for the uhop-kit kernel (loaded by the kernel's ServiceLoader from its own class
 * path): a Tablesaw Table ending a cell shows as an HTML table (org.uhopkit.report.Tables), a jsplot Figure as
 * a Plotly figure (org.uhopkit.report.Plots), and a multi-line String keeps its line breaks. Notebook classes
 * live in another class loader, so they are recognised by name and called reflectively.
 */
public final class UhopDisplay implements DisplayProvider {

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
            @Override
            public boolean canTransform(Object o) {
                return o != null && helper(o) != null;
            }

            @Override
            public Class<?> transformedClass() {
                return Html.class;
            }

            @Override
            public Object transform(Object o) {
                String[] h = helper(o);
                try {
                    Class<?> c = Class.forName(h[0], true, o.getClass().getClassLoader());
                    Class<?> arg = Class.forName(h[1], true, o.getClass().getClassLoader());
                    Object result;
                    if (h[0].endsWith("Plots")) {
                        Object array = java.lang.reflect.Array.newInstance(arg, 1);
                        java.lang.reflect.Array.set(array, 0, o);
                        result = c.getMethod("html", array.getClass()).invoke(null, array);
                    } else {
                        result = c.getMethod("html", arg).invoke(null, o);
                    }
                    return new Html((String) result);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // fail the cell rather than hide a table or figure as text (the render check would not see it)
                    Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
                    throw new IllegalStateException("could not display a " + o.getClass().getName() + " with "
                            + h[0] + ".html: " + cause, cause);
                }
            }
        });
    }

    /** {helper class, argument class} for a displayable object, or null. */
    static String[] helper(Object o) {
        for (Class<?> k = o.getClass(); k != null; k = k.getSuperclass()) {
            if (k.getName().equals("tech.tablesaw.api.Table")) {
                return new String[] {"org.uhopkit.report.Tables", k.getName()};
            }
            if (k.getName().equals("tech.tablesaw.plotly.components.Figure")) {
                return new String[] {"org.uhopkit.report.Plots", k.getName()};
            }
        }
        return null;
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
