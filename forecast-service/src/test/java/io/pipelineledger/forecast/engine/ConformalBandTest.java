package io.pipelineledger.forecast.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The quantiles and half-widths of {@link ConformalBand}, worked by hand. */
class ConformalBandTest {

    @Test
    void interpolatesTheTenthAndNinetiethPercentilesAndTakesTheWiderOfItAndTheSimulatedSpread() {
        double[] residuals = {0.3, -0.3, 0.6, 0.0, 0.1, 0.25, -0.1, 0.4, 0.2, 0.5};
        ConformalBand band = ConformalBand.of(residuals);

        // sorted: -0.3 -0.1 0 0.1 0.2 0.25 0.3 0.4 0.5 0.6; level 0.1 at position 0.9, 0.9 at 8.1
        assertThat(band.levelLow()).isEqualTo(0.1);
        assertThat(band.levelHigh()).isEqualTo(0.9);
        assertThat(band.low()).isCloseTo(-0.3 + 0.9 * 0.2, within(1e-12));
        assertThat(band.high()).isCloseTo(0.5 + 0.1 * 0.1, within(1e-12));
        assertThat(band.fewOrigins()).isFalse();
        assertThat(band.lowerHalfWidth(0.1)).isCloseTo(0.12, within(1e-12));
        assertThat(band.lowerHalfWidth(0.3)).isCloseTo(0.3, within(1e-12));
        assertThat(band.upperHalfWidth(0.2)).isCloseTo(0.51, within(1e-12));
    }

    @Test
    void aResidualQuantileOnTheWrongSideOfZeroAddsNothing() {
        ConformalBand band = ConformalBand.of(new double[]{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8});

        assertThat(band.low()).isCloseTo(0.1 + 0.7 * 0.1, within(1e-12));
        assertThat(band.lowerHalfWidth(0.05)).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void fewOriginsPushTheLevelsOutwardAndKeepAMinimumWidth() {
        ConformalBand band = ConformalBand.of(new double[]{0.0, -0.2, 0.1});

        // n = 3: levels 0.1 - 1/4 and 0.9 + 1/4, clamped: the extremes
        assertThat(band.levelLow()).isZero();
        assertThat(band.levelHigh()).isEqualTo(1);
        assertThat(band.low()).isCloseTo(-0.2, within(1e-12));
        assertThat(band.high()).isCloseTo(0.1, within(1e-12));
        assertThat(band.fewOrigins()).isTrue();
        assertThat(band.lowerHalfWidth(0)).isCloseTo(0.2, within(1e-12));
        assertThat(band.upperHalfWidth(0)).isEqualTo(ConformalBand.FEW_ORIGINS_MIN_HALF_WIDTH);
    }

    @Test
    void noOriginGivesTheDocumentedWidth() {
        ConformalBand band = ConformalBand.of(new double[0]);

        assertThat(band.fewOrigins()).isTrue();
        assertThat(band.lowerHalfWidth(0)).isEqualTo(ConformalBand.NO_ORIGIN_HALF_WIDTH);
        assertThat(band.upperHalfWidth(0.4)).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void quantileMatchesTheType7Rule() {
        double[] x = {4, 1, 3, 2};
        assertThat(ConformalBand.quantile(x, 0)).isEqualTo(1);
        assertThat(ConformalBand.quantile(x, 1)).isEqualTo(4);
        assertThat(ConformalBand.quantile(x, 0.5)).isCloseTo(2.5, within(1e-12));
        assertThat(ConformalBand.quantile(x, 0.25)).isCloseTo(1.75, within(1e-12));
    }
}
