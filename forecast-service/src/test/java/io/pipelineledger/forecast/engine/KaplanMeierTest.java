package io.pipelineledger.forecast.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KaplanMeierTest {

    @Test
    void censoredStaysCountAsAtRiskUntilTheyAreCensored() {
        // stays (days): 2, 3+, 4, 4, 5+, 6   (+ = still in the stage when observation stopped)
        // t=2: 6 at risk, 1 leaves -> S = 5/6; 3+ censored -> 4 at risk at t=4, 2 leave -> S = 5/6 * 2/4 = 5/12;
        // 5+ censored -> 1 at risk at t=6, 1 leaves -> S = 0
        KaplanMeier km = KaplanMeier.estimate(new double[]{6, 4, 3, 2, 5, 4},
                new boolean[]{true, true, false, true, false, true});
        assertThat(km.survival(1)).isEqualTo(1.0);
        assertThat(km.survival(2)).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(km.survival(3.9)).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(km.survival(4)).isCloseTo(5.0 / 12, within(1e-12));
        assertThat(km.survival(5.5)).isCloseTo(5.0 / 12, within(1e-12));
        assertThat(km.survival(6)).isEqualTo(0.0);
        assertThat(km.events()).isEqualTo(4);
    }

    @Test
    void droppingCensoredStaysWouldBiasStaysShort() {
        double[] days = {1, 2, 10, 10, 10};
        KaplanMeier withCensoring = KaplanMeier.estimate(days, new boolean[]{true, true, false, false, false});
        KaplanMeier dropped = KaplanMeier.estimate(new double[]{1, 2}, new boolean[]{true, true});
        assertThat(withCensoring.survival(5)).isCloseTo(0.6, within(1e-12));
        assertThat(dropped.survival(5)).isEqualTo(0.0);
    }

    @Test
    void theDwellCurveConditionsOnTheAgeAlreadySpent() {
        DwellCurve fixed = DwellCurve.fixed(10);
        assertThat(fixed.residual(4, 5)).isCloseTo(1.0, within(1e-12));
        assertThat(fixed.residual(4, 6.5)).isCloseTo(0.0, within(1e-12));
    }
}
