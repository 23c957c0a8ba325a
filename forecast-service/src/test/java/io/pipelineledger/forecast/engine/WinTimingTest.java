package io.pipelineledger.forecast.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WinTimingTest {

    // A (10 days) -> B always; B (5 days) -> WON 0.5, LOST 0.5. Columns: A, B, WON, LOST.
    private final WinTiming timing = new WinTiming(new double[][]{{0, 1, 0, 0}, {0, 0, 0.5, 0.5}},
            new DwellCurve[]{DwellCurve.fixed(10), DwellCurve.fixed(5)}, 1, 60);

    @Test
    void aWinLandsWhenTheStaysAddUp() {
        assertThat(timing.fromEntry(0, 14)).isCloseTo(0, within(1e-12));
        assertThat(timing.fromEntry(0, 15)).isCloseTo(0.5, within(1e-12));
        assertThat(timing.fromEntry(0, 60)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void theTimeAlreadySpentInTheStageCounts() {
        // 4 days into A: 6 more in A, 5 in B
        assertThat(timing.fromAge(0, 4, 10)).isCloseTo(0, within(1e-12));
        assertThat(timing.fromAge(0, 4, 11)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void overALongHorizonTheTimingAgreesWithTheAbsorptionProbability() {
        double[][] rows = {{0, 0.6, 0, 0.4}, {0.1, 0, 0.7, 0.2}};
        KaplanMeier a = KaplanMeier.estimate(new double[]{3, 8, 12, 20, 25}, new boolean[]{true, true, true, true, false});
        KaplanMeier b = KaplanMeier.estimate(new double[]{2, 4, 9}, new boolean[]{true, true, true});
        WinTiming t = new WinTiming(rows, new DwellCurve[]{DwellCurve.of(a), DwellCurve.of(b)}, 1, 400);
        double[] absorbed = TransitionModel.winProbabilities(rows);
        assertThat(t.fromEntry(0, 400)).isCloseTo(absorbed[0], within(1e-3));
        assertThat(t.fromEntry(1, 400)).isCloseTo(absorbed[1], within(1e-3));
    }
}
