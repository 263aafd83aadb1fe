package dev.vigil.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlopeTest {

    @Test
    void anExactLineHasItsSlopeAndNoError() {
        List<Slope.Point> points = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            points.add(new Slope.Point(i, 3 + 2.5 * i));
        }
        Slope s = Slope.fit(points);
        assertThat(s.slope()).isCloseTo(2.5, within(1e-12));
        assertThat(s.stderr()).isCloseTo(0.0, within(1e-12));
        assertThat(s.mean()).isCloseTo(3 + 2.5 * 4.5, within(1e-12));
        assertThat(s.samples()).isEqualTo(10);
    }

    @Test
    void aSawtoothAroundAFlatLevelHasASlopeNearZero() {
        List<Slope.Point> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            points.add(new Slope.Point(i, 100 + (i % 2 == 0 ? 5 : -5)));
        }
        Slope s = Slope.fit(points);
        assertThat(Math.abs(s.slope())).isLessThan(0.01);
        assertThat(s.stderr()).isGreaterThan(0.0);
    }

    @Test
    void twoPointsGiveTheirSlopeWithoutAnError() {
        Slope s = Slope.fit(List.of(new Slope.Point(0, 1), new Slope.Point(2, 5)));
        assertThat(s.slope()).isEqualTo(2.0);
        assertThat(s.stderr()).isNaN();
    }

    @Test
    void tooFewOrSimultaneousSamplesAreRefused() {
        assertThatThrownBy(() -> Slope.fit(List.of(new Slope.Point(0, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Slope.fit(List.of(new Slope.Point(1, 1), new Slope.Point(1, 2))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
