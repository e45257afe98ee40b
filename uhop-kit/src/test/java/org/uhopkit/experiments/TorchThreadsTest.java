package org.uhopkit.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TorchThreadsTest {

    @Test
    void settingTheThreadsTakesEffectAndReturnsThePreviousCount() {
        int before = TorchThreads.get();
        int previous = TorchThreads.set(1);
        try {
            assertThat(previous).isEqualTo(before);
            assertThat(TorchThreads.get()).isEqualTo(1);
        } finally {
            TorchThreads.set(Math.max(1, before));
        }
    }

    @Test
    void fewerThanOneThreadIsRefused() {
        assertThatThrownBy(() -> TorchThreads.set(0)).hasMessage("threads must be at least 1, got 0");
    }
}
