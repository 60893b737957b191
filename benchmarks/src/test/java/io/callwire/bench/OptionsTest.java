package io.callwire.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void smokeScaleSwapsTheDefaultsButNotWhatIsGiven() {
        Options options = Options.parse("fanout", "--scale=smoke", "--seconds=3");
        assertThat(options.scenario()).isEqualTo("fanout");
        assertThat(options.integer("connections", 10_000, 500)).isEqualTo(500);
        assertThat(options.integer("seconds", 20, 8)).isEqualTo(3);
        assertThat(options.integers("rates", "1,2", "5, 6,7")).containsExactly(5, 6, 7);
    }

    @Test
    void fullScaleAndAllByDefault() {
        Options options = Options.parse("--flag");
        assertThat(options.scenario()).isEqualTo("all");
        assertThat(options.flag("flag")).isTrue();
        assertThat(options.integer("connections", 10_000, 500)).isEqualTo(10_000);
    }

    @Test
    void badNumbersNameTheOption() {
        assertThatThrownBy(() -> Options.parse("x", "--connections=many").integer("connections", 1, 1))
                .hasMessageContaining("--connections");
        assertThatThrownBy(() -> Options.parse("a", "b")).hasMessageContaining("unexpected argument: b");
    }
}
