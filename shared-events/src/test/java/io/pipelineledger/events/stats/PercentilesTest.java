package io.pipelineledger.events.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PercentilesTest {

    @Test
    void interpolatesBetweenClosestRanks() {
        assertThat(Percentiles.ofSorted(new double[]{1, 2, 3, 4}, 0.5)).isEqualTo(2.5);
        assertThat(Percentiles.ofSorted(new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9)).isCloseTo(9.1,
                within(1e-9));
        assertThat(Percentiles.ofSorted(new double[]{7}, 0.9)).isEqualTo(7.0);
        assertThat(Percentiles.ofSorted(new double[0], 0.5)).isNull();
    }

    @Test
    void selectionGivesExactlyThePercentilesOfTheSortedValues() {
        Random random = new Random(5);
        for (int run = 0; run < 3_000; run++) {
            int n = 1 + random.nextInt(run < 1_500 ? 12 : 2_000);
            double[] values = new double[n + 3]; // only the first n count
            for (int i = 0; i < values.length; i++) {
                // few distinct values now and then: ties must not upset the selection
                values[i] = run % 3 == 0 ? random.nextInt(4) : random.nextDouble() * 100;
            }
            double[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            double[] ps = {0.0, 0.1, 0.37, 0.5, 0.9, 1.0};
            double[] selected = Percentiles.select(values, n, ps);
            for (int k = 0; k < ps.length; k++) {
                assertThat(selected[k]).as("n=%d p=%s", n, ps[k]).isEqualTo(Percentiles.ofSorted(sorted, ps[k]));
            }
        }
        assertThat(Percentiles.select(new double[0], 0, 0.5)).isEmpty();
    }
}
