package io.pipelineledger.query.metrics;

import io.pipelineledger.query.metrics.BetaBinomialShrinkage.Count;
import io.pipelineledger.query.metrics.BetaBinomialShrinkage.Prior;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BetaBinomialShrinkageTest {

    /** 40 reps whose true rates spread evenly over 0.15–0.35: mean 0.25, variance 0.04/12, so α + β ≈ 55. */
    private static List<Count> spreadReps(long seed, int trialsEach) {
        Random random = new Random(seed);
        List<Count> counts = new ArrayList<>();
        for (int rep = 0; rep < 40; rep++) {
            double rate = 0.15 + 0.2 * random.nextDouble();
            long successes = 0;
            for (int t = 0; t < trialsEach; t++) {
                successes += random.nextDouble() < rate ? 1 : 0;
            }
            counts.add(new Count(successes, trialsEach));
        }
        return counts;
    }

    @Test
    void recoversTheSpreadOfTrueRatesFromNoisyCounts() {
        Prior prior = BetaBinomialShrinkage.fit(spreadReps(1, 400));
        assertThat(prior.mean()).isCloseTo(0.25, within(0.02));
        assertThat(prior.strength()).isBetween(25.0, 130.0);
    }

    @Test
    void aRepWithThreeLuckyDealsDoesNotOutrankAProvenOne() {
        Prior prior = BetaBinomialShrinkage.fit(spreadReps(2, 200));
        double lucky = prior.shrink(new Count(3, 3));
        double proven = prior.shrink(new Count(60, 150));
        assertThat(lucky).isLessThan(proven);
        assertThat(proven).isCloseTo(0.4, within(0.05));
        assertThat(prior.shrink(new Count(0, 0))).isCloseTo(prior.mean(), within(1e-12));
    }

    @Test
    void repsThatDifferOnlyByChanceAreShrunkAllTheWay() {
        List<Count> identical = List.of(new Count(10, 40), new Count(10, 40), new Count(10, 40));
        Prior prior = BetaBinomialShrinkage.fit(identical);
        assertThat(prior.strength()).isEqualTo(BetaBinomialShrinkage.MAX_STRENGTH);
        assertThat(prior.shrink(new Count(4, 4))).isCloseTo(0.25, within(0.01));
    }

    @Test
    void degenerateGroupsStillGiveAUsablePrior() {
        assertThat(BetaBinomialShrinkage.fit(List.of(new Count(0, 0)))).isNull();
        Prior allWon = BetaBinomialShrinkage.fit(List.of(new Count(5, 5), new Count(2, 2)));
        assertThat(allWon.mean()).isLessThan(1.0).isGreaterThan(0.9);
        Prior noneWon = BetaBinomialShrinkage.fit(List.of(new Count(0, 5)));
        assertThat(noneWon.mean()).isGreaterThan(0.0).isLessThan(0.1);
    }
}
