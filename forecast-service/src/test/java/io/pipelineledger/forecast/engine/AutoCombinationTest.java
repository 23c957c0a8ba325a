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
        // recency-weighted mean (1·e0 + 0.5·e1)/1.5, shrunk by n/(n+12) = 2/14
        double raw = (e0 + 0.5 * e1) / 1.5;
        assertThat(c.rawBias()).isCloseTo(raw, within(1e-12));
        assertThat(c.bias()).isCloseTo(raw / 7, within(1e-12));
        assertThat(c.residuals()).containsExactly(new double[]{e0 - raw / 7, e1 - raw / 7}, within(1e-12));
        // geometric mean 100^w0 · 200^w1 = 100 · 2^w1, times e^bias
        assertThat(c.combine(new double[]{100, 200}, 1)).isCloseTo(100 * Math.pow(2, w1) * Math.exp(raw / 7),
                within(1e-9));
        // every origin is at the ask's point: the band scale is 1
        assertThat(c.bandScale()).isCloseTo(1, within(1e-12));
    }

    @Test
    void eachPointOfThePeriodHasItsOwnShrunkCorrectionAndTheAskUsesItsOwn() {
        // one candidate; origins at the period's start, at its second point, at its start again
        double[][] errors = {{0.2, 0.4, -0.1}};
        AutoCombination atStart = AutoCombination.of(errors, new double[]{0, 0, 0}, new int[]{0, 1, 0}, 0);
        AutoCombination atSecond = AutoCombination.of(errors, new double[]{0, 0, 0}, new int[]{0, 1, 0}, 1);

        // start: mean (0.2 - 0.1)/2 = 0.05 over 2 origins, × 2/14; second point: 0.4 over 1 origin, × 1/13
        assertThat(atStart.rawBias()).isCloseTo(0.05, within(1e-12));
        assertThat(atStart.bias()).isCloseTo(0.05 / 7, within(1e-12));
        assertThat(atSecond.rawBias()).isCloseTo(0.4, within(1e-12));
        assertThat(atSecond.bias()).isCloseTo(0.4 / 13, within(1e-12));
        // residuals are centred by their own point's correction, whatever the ask
        double[] residuals = {0.2 - 0.05 / 7, 0.4 - 0.4 / 13, -0.1 - 0.05 / 7};
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

    @Test
    void candidatesAreScoredOnTheOriginsAtTheAsksPointOfThePeriod() {
        // candidate 0 is right at the period's starts and wrong mid-period; candidate 1 the other way round
        double[][] errors = {{0.0, 0.5, 0.0, 0.5}, {0.5, 0.0, 0.5, 0.0}};
        double[] ages = {0, 0, 0, 0};
        int[] positions = {0, 1, 0, 1};
        AutoCombination atStart = AutoCombination.of(errors, ages, positions, 0);
        AutoCombination atMiddle = AutoCombination.of(errors, ages, positions, 1);

        // at the start: MSE 0 and 0.25, weights ∝ 0.01^-2 = 10000 and 0.26^-2 = 14.79
        double big = 1 / (0.01 * 0.01);
        double small = 1 / (0.26 * 0.26);
        assertThat(atStart.mse()).containsExactly(new double[]{0, 0.25}, within(1e-12));
        assertThat(atStart.weights()[0]).isCloseTo(big / (big + small), within(1e-12));
        assertThat(atMiddle.weights()[1]).isCloseTo(big / (big + small), within(1e-12));
        // an ask at a point no origin had: scored on every origin, equal MSE 0.125, equal weights
        AutoCombination elsewhere = AutoCombination.of(errors, ages, positions, 2);
        assertThat(elsewhere.weights()).containsExactly(new double[]{0.5, 0.5}, within(1e-12));
    }

    @Test
    void theBandScaleIsThePointsSpreadOverThePooledOneShrunkTowardOne() {
        // one candidate, no recency (ages 0); starts err ±0.1, middles ±0.3
        double[][] errors = {{0.1, 0.3, -0.1, -0.3, 0.1, 0.3, -0.1, -0.3}};
        double[] ages = new double[8];
        int[] positions = {0, 1, 0, 1, 0, 1, 0, 1};
        AutoCombination atStart = AutoCombination.of(errors, ages, positions, 0);

        // both points' mean error is 0: no correction, residuals = errors
        assertThat(atStart.bias()).isZero();
        // ms = (0.01 + 0.09)/2 = 0.05; ms at the starts 0.01 over 4 origins: √((4·0.01 + 4·0.05)/8 / 0.05)
        assertThat(atStart.bandScale()).isCloseTo(Math.sqrt((4 * 0.01 + 4 * 0.05) / 8 / 0.05), within(1e-12));
        AutoCombination atMiddle = AutoCombination.of(errors, ages, positions, 1);
        assertThat(atMiddle.bandScale()).isCloseTo(Math.sqrt((4 * 0.09 + 4 * 0.05) / 8 / 0.05), within(1e-12));
        // the band multiplies the pooled quantiles by it
        ConformalBand band = ConformalBand.of(atStart.residuals(), atStart.bandScale());
        assertThat(band.high()).isCloseTo(atStart.bandScale() * ConformalBand.quantile(atStart.residuals(), 0.9),
                within(1e-12));
    }
}
