package org.uhopkit.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExperimentsRegistryTest {

    @Test
    void everyExperimentClassOfThePackageIsRegisteredOnceUnderItsName() throws Exception {
        Path dir = Path.of(Experiment.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/uhopkit/experiments");
        List<Class<?>> implementations = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName("org.uhopkit.experiments." + name);
                if (Experiment.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                    implementations.add(c);
                }
            }
        }
        assertThat(implementations).hasSize(9);
        assertThat(Experiments.all().stream().map(Object::getClass).toList())
                .containsExactlyInAnyOrderElementsOf(implementations);
        for (Experiment<?, ?> e : Experiments.all()) {
            assertThat(Experiments.named(e.name())).isSameAs(e);
        }
        assertThat(Experiments.names()).containsExactly("capacity", "noise", "stage-one", "loss-vs-error",
                "max-vs-average", "presets", "classification", "expressiveness",
                "forecasting");
    }

    @Test
    void anUnknownNameIsRefusedWithEveryValidName() {
        assertThatThrownBy(() -> Experiments.named("capacty")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown experiment 'capacty', expected one of capacity, noise, stage-one, loss-vs-error, "
                        + "max-vs-average, presets, classification, expressiveness, forecasting");
        assertThatThrownBy(() -> Experiments.named(null)).hasMessageStartingWith("unknown experiment 'null'");
        assertThat(Experiments.named(" Stage_One ")).isSameAs(Experiment.STAGE_ONE);
    }

    @Test
    void badNamesOfDatasetsPresetsProfilesAndMethodsListTheValidOnes() {
        assertThatThrownBy(() -> Dataset.parse("cifar1000"))
                .hasMessage("unknown dataset 'cifar1000', expected one of mnist, cifar10, cifar100, tinyimagenet, "
                        + "etth1, ettm1, wth");
        assertThatThrownBy(() -> Preset.parse("authors")).hasMessage("unknown preset 'authors', expected one of paper, "
                + "official");
        assertThatThrownBy(() -> Profile.parse("full")).hasMessage("unknown profile 'full', expected one of quick, paper");
        assertThatThrownBy(() -> Method.parse("hopfield")).hasMessageStartingWith("unknown method 'hopfield', expected "
                + "one of [MHM, SPARSE_MHM");
        assertThat(Dataset.parse("CIFAR-10")).isEqualTo(Dataset.CIFAR10);
    }

    @Test
    void eachDataSetCarriesItsOwnPropertiesAndNoneFallsBackToAnother() {
        assertThat(Dataset.MNIST.label()).isEqualTo("MNIST");
        assertThat(Dataset.CIFAR10.label()).isEqualTo("CIFAR-10");
        // section 4.1 and F.3: N = 100 on MNIST for both tasks; 500 (masked) and 200 (noisy) on CIFAR-10
        assertThat(Dataset.MNIST.maskedStageOneSteps()).isEqualTo(100);
        assertThat(Dataset.MNIST.noisyStageOneSteps()).isEqualTo(100);
        assertThat(Dataset.CIFAR10.maskedStageOneSteps()).isEqualTo(500);
        assertThat(Dataset.CIFAR10.noisyStageOneSteps()).isEqualTo(200);
        assertThat(Dataset.MNIST.images().dimension()).isEqualTo(784);
        assertThat(Dataset.CIFAR10.images().dimension()).isEqualTo(3072);
    }

    @Test
    void theStemOfAResultSetIsKnownBeforeTheRun() {
        Config c = Config.of(Dataset.CIFAR10).preset(Preset.OFFICIAL).profile(Profile.PAPER);
        assertThat(Experiment.CAPACITY.stem(c)).isEqualTo("capacity-cifar10-official-paper");
        assertThat(Experiment.PRESETS.stem(c)).isEqualTo("presets-cifar10-paper+official-paper");
    }

}
