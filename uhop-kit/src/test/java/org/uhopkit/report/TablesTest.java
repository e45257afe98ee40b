package org.uhopkit.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TablesTest {

    @Test
    void htmlEscapesTextAndFormatsNumbers() {
        Table t = Table.create("a<b", StringColumn.create("model", "x&y"), DoubleColumn.create("error", 0.123456789),
                IntColumn.create("n", new int[] {7}));
        String html = Tables.html(t);
        assertThat(html).contains("a&lt;b").contains("x&amp;y").contains(">0.1235<").contains(">7<")
                .contains("1 rows × 3 columns");
        assertThat(html).as("numbers right-aligned, text left-aligned").contains("text-align:right\">0.1235<")
                .contains("text-align:right\">7<").contains("text-align:left\">x&amp;y<");
    }

    @Test
    void longTablesAreElidedInTheMiddle() {
        int[] values = new int[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i;
        }
        String html = Tables.html(Table.create("long", IntColumn.create("i", values)), 10);
        assertThat(html).contains(">0<").contains(">4<").doesNotContain(">5<").contains("… 90 rows …")
                .contains(">95<").contains(">99<");
    }
}
