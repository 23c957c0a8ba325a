package io.pipelineledger.forecast.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The weights, bias correction and combined value of {@link AutoCombination}, worked by hand. */
class AutoCombinationTest {

    @Test
    void weighsByInverseRecentMseAndShrinksTheBiasByTheNumberOfOrigins() {
        // origin ages 0 and 180 days: origin weights 1 and 0.5
        double[][] errors = {{0.1, -0.1}, {0.3, 0.2}};
        AutoCombination c = AutoCombination.of(errors, new double[]{0, 180});

        // MSE: (1·0.01 + 0.5·0.01)/1.5 = 0.01 and (1·0.09 + 0.5·0.04)/1.5 = 0.07333
        assertThat(c.mse()[0]).isCloseTo(0.01, within(1e-12));
        assertThat(c.mse()[1]).isCloseTo(0.11 / 1.5, within(1e-12));
        // (0.01 + 0.01)^-2 = 2500, (0.07333 + 0.01)^-2 = 144: weights 2500/2644 and 144/2644
        double w0 = 2500.0 / 2644;
        double w1 = 144.0 / 2644;
        assertThat(c.weights()[0]).isCloseTo(w0, within(1e-12));
        assertThat(c.weights()[1]).isCloseTo(w1, within(1e-12));
        // the combination's errors are the weighted errors
        double e0 = w0 * 0.1 + w1 * 0.3;
        double e1 = w0 * -0.1 + w1 * 0.2;
        assertThat(c.errors()).containsExactly(new double[]{e0, e1}, within(1e-12));
        // recency-weighted mean (1·e0 + 0.5·e1)/1.5, shrunk by n/(n+4) = 2/6
        double raw = (e0 + 0.5 * e1) / 1.5;
        assertThat(c.rawBias()).isCloseTo(raw, within(1e-12));
        assertThat(c.bias()).isCloseTo(raw / 3, within(1e-12));
        assertThat(c.residuals()).containsExactly(new double[]{e0 - raw / 3, e1 - raw / 3}, within(1e-12));
        // geometric mean 100^w0 · 200^w1 = 100 · 2^w1, times e^bias
        assertThat(c.combine(new double[]{100, 200}, 1)).isCloseTo(100 * Math.pow(2, w1) * Math.exp(raw / 3),
                within(1e-9));
    }

    @Test
    void eachPointOfThePeriodHasItsOwnShrunkCorrectionAndTheAskUsesItsOwn() {
        // one candidate; origins at the period's start, at its second point, at its start again
        double[][] errors = {{0.2, 0.4, -0.1}};
        AutoCombination atStart = AutoCombination.of(errors, new double[]{0, 0, 0}, new int[]{0, 1, 0}, 0);
        AutoCombination atSecond = AutoCombination.of(errors, new double[]{0, 0, 0}, new int[]{0, 1, 0}, 1);

        // start: mean (0.2 - 0.1)/2 = 0.05 over 2 origins, × 2/6; second point: 0.4 over 1 origin, × 1/5
        assertThat(atStart.rawBias()).isCloseTo(0.05, within(1e-12));
        assertThat(atStart.bias()).isCloseTo(0.05 / 3, within(1e-12));
        assertThat(atSecond.rawBias()).isCloseTo(0.4, within(1e-12));
        assertThat(atSecond.bias()).isCloseTo(0.08, within(1e-12));
        // residuals are centred by their own point's correction, whatever the ask
        double[] residuals = {0.2 - 0.05 / 3, 0.4 - 0.08, -0.1 - 0.05 / 3};
        assertThat(atStart.residuals()).containsExactly(residuals, within(1e-12));
        assertThat(atSecond.residuals()).containsExactly(residuals, within(1e-12));
        // an ask at a point no origin had: no correction
        assertThat(AutoCombination.of(errors, new double[]{0, 0, 0}, new int[]{0, 0, 0}, 2).bias()).isZero();
    }

    @Test
    void withoutOriginsWeighsEquallyAndCorrectsNothing() {
        AutoCombination c = AutoCombination.of(new double[][]{{}, {}, {}, {}}, new double[0]);

        assertThat(c.weights()).containsExactly(0.25, 0.25, 0.25, 0.25);
        assertThat(c.bias()).isZero();
        assertThat(c.combine(new double[]{100, 100, 400, 400}, 1)).isCloseTo(200, within(1e-9));
    }

    @Test
    void aCandidateThatKeepsMissingLosesItsWeightAndAFloorKeepsZeroesFinite() {
        double[][] errors = {{0.0, 0.0, 0.0, 0.0}, {1.0, 1.0, 1.0, 1.0}};
        AutoCombination c = AutoCombination.of(errors, new double[]{270, 180, 90, 0});

        // 0.01^-2 = 10000 against 1.01^-2: the perfect one gets 10000/(10000 + 0.980) of the weight, not all of it
        assertThat(c.weights()[0]).isCloseTo(10_000 / (10_000 + 1 / (1.01 * 1.01)), within(1e-12));
        // a zero forecast counts as the floor
        assertThat(c.combine(new double[]{0, 0}, 5)).isCloseTo(5 * Math.exp(c.bias()), within(1e-9));
    }
}
