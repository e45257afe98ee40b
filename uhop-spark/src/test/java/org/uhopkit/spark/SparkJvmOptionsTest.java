package org.uhopkit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/**
 * The JVM options the launchers give every JVM that runs Spark are the ones this Spark version asks for
 * ({@code JavaModuleOptions}): a Spark upgrade that changes them fails here until the lists follow.
 */
class SparkJvmOptionsTest {

    private static final List<String> SPARK = Arrays.asList(JavaModuleOptions.defaultModuleOptionArray());

    @Test
    void theLaunchersListIsSparksList() throws Exception {
        String common = Files.readString(Path.of("..", "environment", "_common.sh"));
        Matcher m = Pattern.compile("UHOP_SPARK_JAVA_OPTS=\"([^\"]*)\"").matcher(common);
        assertThat(m.find()).as("UHOP_SPARK_JAVA_OPTS in environment/_common.sh").isTrue();
        List<String> ours = Arrays.asList(m.group(1).replace("\\\n", " ").trim().split("\\s+"));
        assertThat(ours).containsExactlyElementsOf(SPARK);
    }

    @Test
    void theTestJvmRunsWithThem() {
        // surefire's argLine is the pom's spark.java.options
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).containsAll(SPARK);
        assertThat(SPARK).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    }
}
