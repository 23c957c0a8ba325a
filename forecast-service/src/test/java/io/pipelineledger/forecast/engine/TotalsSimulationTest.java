package io.pipelineledger.forecast.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TotalsSimulationTest {

    private static final double[] Q = {0.05, 0.1, 0.2, 0.3, 0.45, 0.5, 0.55, 0.7, 0.8, 0.95, 0.15, 0.6, 0.35, 0.9,
            0.25, 0.02, 0.65, 0.4, 0.85, 0.5};
    private static final long[] CENTS = {1_000_00, 5_000_00, 2_500_00, 12_000_00, 800_00, 3_000_00, 7_500_00,
            4_000_00, 9_000_00, 1_500_00, 6_000_00, 2_000_00, 11_000_00, 500_00, 3_500_00, 20_000_00, 4_500_00,
            2_200_00, 1_800_00, 5_500_00};

    @Test
    void quantilesBySelectionEqualThoseOfTheSortedTotals() {
        for (int sims : new int[]{10, 11, 999, 2_000}) {
            TotalsSimulation simulation = new TotalsSimulation(2, sims, 9);
            simulation.fixed(1, 123_45);
            for (int i = 0; i < Q.length; i++) {
                simulation.bernoulli(i % 2, "OPP-" + i, Q[i], CENTS[i]);
            }
            for (int g = 0; g < 2; g++) {
                long[] sorted = simulation.sorted(g);
                double[] selected = simulation.quantiles(g, 0.1, 0.5, 0.9);
                assertThat(selected).containsExactly(TotalsSimulation.quantile(sorted, 0.1),
                        TotalsSimulation.quantile(sorted, 0.5), TotalsSimulation.quantile(sorted, 0.9));
            }
        }
    }

    @Test
    void quantilesAgreeWithABruteForceSimulation() {
        TotalsSimulation simulation = new TotalsSimulation(1, 20_000, 42);
        for (int i = 0; i < Q.length; i++) {
            simulation.bernoulli(0, "OPP-" + i, Q[i], CENTS[i]);
        }
        long[] sorted = simulation.sorted(0);

        Random random = new Random(7);
        long[] brute = new long[200_000];
        for (int s = 0; s < brute.length; s++) {
            for (int i = 0; i < Q.length; i++) {
                if (random.nextDouble() < Q[i]) {
                    brute[s] += CENTS[i];
                }
            }
        }
        Arrays.sort(brute);
        double mean = 0;
        for (int i = 0; i < Q.length; i++) {
            mean += Q[i] * CENTS[i];
        }
        for (double p : new double[]{0.1, 0.5, 0.9}) {
            assertThat(TotalsSimulation.quantile(sorted, p))
                    .isCloseTo(TotalsSimulation.quantile(brute, p), within(0.02 * mean));
        }
        assertThat(Arrays.stream(sorted).average().orElseThrow()).isCloseTo(mean, within(0.01 * mean));
        assertThat(TotalsSimulation.quantile(sorted, 0.1)).isLessThanOrEqualTo(TotalsSimulation.quantile(sorted, 0.5));
        assertThat(TotalsSimulation.quantile(sorted, 0.5)).isLessThanOrEqualTo(TotalsSimulation.quantile(sorted, 0.9));
    }

    @Test
    void eachDealDrawsFromItsOwnStreamSoOrderDoesNotMatter() {
        TotalsSimulation forward = new TotalsSimulation(2, 1_000, 3);
        TotalsSimulation backward = new TotalsSimulation(2, 1_000, 3);
        for (int i = 0; i < Q.length; i++) {
            forward.bernoulli(i % 2, "OPP-" + i, Q[i], CENTS[i]);
        }
        for (int i = Q.length - 1; i >= 0; i--) {
            backward.bernoulli(i % 2, "OPP-" + i, Q[i], CENTS[i]);
        }
        assertThat(backward.sorted(0)).isEqualTo(forward.sorted(0));
        assertThat(backward.sorted(1)).isEqualTo(forward.sorted(1));
    }

    @Test
    void theCompoundPoissonHasTheExpectedMean() {
        TotalsSimulation simulation = new TotalsSimulation(1, 50_000, 5);
        simulation.compoundPoisson(0, "new:rep", 2.5, 30_000, 0.8, 0.0);
        double mean = Arrays.stream(simulation.sorted(0)).average().orElseThrow() / 100;
        assertThat(mean).isCloseTo(2.5 * 30_000, within(0.02 * 2.5 * 30_000));
    }
}
