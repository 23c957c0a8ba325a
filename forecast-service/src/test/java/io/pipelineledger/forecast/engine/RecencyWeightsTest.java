package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Recency weights in the learned quantities, each checked against a computation written out here from the formula
 * (weights from calendar days, not the engine's nanosecond arithmetic).
 */
class RecencyWeightsTest {

    private static final int CLOSING = 5;
    private static final String AS_OF = "2025-09-01";

    /** 2^(-age / halfLife), age in whole calendar days from {@code day} to as-of. */
    private static double weight(String day, double halfLife) {
        long age = ChronoUnit.DAYS.between(LocalDate.parse(day), LocalDate.parse(AS_OF));
        return Math.pow(2, -age / halfLife);
    }

    @Test
    void weightedKaplanMeierMatchesAHandComputation() {
        double[] durations = {1, 2, 2, 3, 4, 5};
        boolean[] observed = {true, true, true, true, false, true};
        double[] weights = {1, 0.5, 0.25, 1, 2, 0.5};
        KaplanMeier km = KaplanMeier.estimate(durations, observed, weights);
        // at risk at t: the weights of durations >= t; events: the weights of events at t
        double s1 = 1 - 1 / 5.25;
        double s2 = s1 * (1 - 0.75 / 4.25);
        double s3 = s2 * (1 - 1 / 3.5);
        double s5 = s3 * (1 - 0.5 / 0.5); // the censored 4 has left the risk set: the last event empties it
        assertThat(km.survival(0.5)).isEqualTo(1.0);
        assertThat(km.survival(1)).isCloseTo(s1, within(1e-15));
        assertThat(km.survival(2.5)).isCloseTo(s2, within(1e-15));
        assertThat(km.survival(4.5)).isCloseTo(s3, within(1e-15));
        assertThat(km.survival(5)).isCloseTo(s5, within(1e-15));
        assertThat(km.events()).isEqualTo(5);
        // Kish over the events' weights {1, .5, .25, 1, .5}: 3.25^2 / 2.5625
        assertThat(km.effectiveEvents()).isCloseTo(3.25 * 3.25 / 2.5625, within(1e-12));
    }

    @Test
    void aWholeWeightIsTheSameAsRepeatingTheDurationAndWeightsOfOneAreTheClassicEstimate() {
        double[] durations = {3, 7, 7, 9, 12, 15, 15, 20};
        boolean[] observed = {true, false, true, true, false, true, true, false};
        KaplanMeier classic = KaplanMeier.estimate(durations, observed);
        KaplanMeier ones = KaplanMeier.estimate(durations, observed, new double[]{1, 1, 1, 1, 1, 1, 1, 1});
        KaplanMeier doubled = KaplanMeier.estimate(durations, observed, new double[]{2, 2, 2, 2, 2, 2, 2, 2});
        double[] repeated = new double[16];
        boolean[] repeatedObserved = new boolean[16];
        for (int i = 0; i < 8; i++) {
            repeated[2 * i] = repeated[2 * i + 1] = durations[i];
            repeatedObserved[2 * i] = repeatedObserved[2 * i + 1] = observed[i];
        }
        KaplanMeier twice = KaplanMeier.estimate(repeated, repeatedObserved);
        for (double t = 0; t <= 21; t += 0.5) {
            assertThat(ones.survival(t)).isEqualTo(classic.survival(t));
            assertThat(doubled.survival(t)).isCloseTo(twice.survival(t), within(1e-15));
        }
        assertThat(ones.effectiveEvents()).isEqualTo(5.0);
        assertThat(doubled.effectiveEvents()).isEqualTo(5.0); // scale-free: the same 5 exits
    }

    /** 10 closing deals of 1,000 won at 800 184 days before as-of, 10 won at 1,000 31 days before. */
    private static Facts wonLowEarlyAndFullLate() {
        Facts facts = new Facts();
        for (int i = 0; i < 10; i++) {
            facts.opened("A" + i, "2025-01-01", "r1", "t1", "closing", 1_000, null)
                    .won("A" + i, "2025-03-01", 800L);
            facts.opened("B" + i, "2025-07-01", "r1", "t1", "closing", 1_000, null)
                    .won("B" + i, "2025-08-01", 1_000L);
        }
        return facts;
    }

    @Test
    void aTransitionProbabilityAndTheTimeInStageWeighExitsByTheirAge() {
        Facts facts = new Facts();
        for (int i = 0; i < 10; i++) {
            facts.opened("A" + i, "2025-01-01", "r1", "t1", "closing", 10_000, null).won("A" + i, "2025-03-01", null);
            facts.opened("B" + i, "2025-07-01", "r1", "t1", "closing", 10_000, null).lost("B" + i, "2025-08-01");
        }
        facts.opened("C0", "2025-05-01", "r1", "t1", "closing", 10_000, null);
        facts.opened("C1", "2025-05-01", "r1", "t1", "closing", 10_000, null);
        double h = 30;
        ForecastModel model = ForecastModel.learn(facts.histories(), Facts.at(AS_OF), DefaultSalesProcess.get(),
                ForecastSettings.defaults().withHalfLife(h));

        double won = 10 * weight("2025-03-01", h);
        double lost = 10 * weight("2025-08-01", h);
        double company = (won + 2 * 0.8) / (won + lost + 2); // process prior: 0.8 of closing deals won
        double team = (won + 50 * company) / (won + lost + 50);
        double rep = (won + 20 * team) / (won + lost + 20);
        assertThat(model.winProbability(new Owner("r1", "t1", "emea"), CLOSING)).isCloseTo(rep, within(1e-12));
        assertThat(model.transitions().exits("r1", CLOSING)).isCloseTo(won + lost, within(1e-12));
        // no decay: 10 won of 20
        ForecastModel flat = ForecastModel.learn(facts.histories(), Facts.at(AS_OF), DefaultSalesProcess.get(),
                ForecastSettings.defaults());
        double flatCompany = (10 + 1.6) / 22;
        double flatTeam = (10 + 50 * flatCompany) / 70;
        assertThat(flat.winProbability(new Owner("r1", "t1", "emea"), CLOSING))
                .isCloseTo((10 + 20 * flatTeam) / 40, within(1e-12));
        assertThat(rep).isLessThan(flat.winProbability(new Owner("r1", "t1", "emea"), CLOSING));

        // stays: lost ones 31 days, won ones 59 days, open ones censored at 123 days weighing 1
        double s40 = 1 - lost / (won + lost + 2);
        double s60 = s40 * (1 - won / (won + 2));
        assertThat(model.dwellTimes().survival("t1", CLOSING, 40)).isCloseTo(s40, within(1e-12));
        assertThat(model.dwellTimes().survival("t1", CLOSING, 60)).isCloseTo(s60, within(1e-12));
        assertThat(model.dwellTimes().survival("t1", CLOSING, 100)).isCloseTo(s60, within(1e-12));
        assertThat(flat.dwellTimes().survival("t1", CLOSING, 40)).isCloseTo(1 - 10 / 22.0, within(1e-12));
    }

    @Test
    void wonAmountsAndTheWonAmountRatioWeighWinsByTheirAge() {
        double h = 30;
        ForecastModel model = ForecastModel.learn(wonLowEarlyAndFullLate().histories(), Facts.at(AS_OF),
                DefaultSalesProcess.get(), ForecastSettings.defaults().withHalfLife(h));
        double early = 10 * weight("2025-03-01", h);
        double late = 10 * weight("2025-08-01", h);
        double mean = (early * 800 + late * 1_000) / (early + late); // one rep, one team: every level is this
        assertThat(model.wonAmounts().repMean("r1", "t1")).isCloseTo(mean, within(1e-9));
        assertThat(model.wonAmounts().wonToPipelineRatio()).isCloseTo(mean / 1_000, within(1e-12));
        // the log spread: reliability-weighted variance of {ln 800 x early, ln 1000 x late}
        double w = early + late;
        double w2 = 10 * Math.pow(weight("2025-03-01", h), 2) + 10 * Math.pow(weight("2025-08-01", h), 2);
        double logMean = (early * Math.log(800) + late * Math.log(1_000)) / w;
        double variance = (early * Math.pow(Math.log(800) - logMean, 2) + late * Math.pow(Math.log(1_000) - logMean, 2))
                / (w - w2 / w);
        assertThat(model.wonAmounts().logSigma()).isCloseTo(Math.sqrt(variance), within(1e-9));
        ForecastModel flat = ForecastModel.learn(wonLowEarlyAndFullLate().histories(), Facts.at(AS_OF),
                DefaultSalesProcess.get(), ForecastSettings.defaults());
        assertThat(flat.wonAmounts().repMean("r1", "t1")).isCloseTo(900, within(1e-9));
    }

    @Test
    void aCreationRateIsWeightedOpeningsOverWeightedExposure() {
        double h = 60;
        ForecastSettings d = ForecastSettings.defaults();
        // seasonality pulled flat, so the rate is the plain ratio
        ForecastSettings settings = new ForecastSettings(d.simulations(), d.seed(), d.lookbackDays(),
                d.repStrength(), d.teamStrength(), d.processPriorStrength(), d.dwellMinExits(), d.rateStrengthDays(),
                1e12, d.amountStrength(), d.activeRepDays(), d.commitThreshold(), d.bestCaseThreshold(),
                d.applyWonAmountRatio(), d.rateDispersion(), h);
        String[] days = {"2025-03-01", "2025-03-20", "2025-05-02", "2025-07-15", "2025-08-01", "2025-08-30"};
        Facts facts = new Facts();
        double openings = 0;
        for (int i = 0; i < days.length; i++) {
            facts.opened("D" + i, days[i], "r1", "t1", "prospecting", 1_000, null);
            openings += weight(days[i], h);
        }
        ForecastModel model = ForecastModel.learn(facts.histories(), Facts.at(AS_OF), DefaultSalesProcess.get(),
                settings);
        // exposure from the first opening to as-of: the integral of 2^(-age/h) over ages 0..184
        double exposure = h / Math.log(2) * (1 - Math.pow(2, -184 / h));
        CreationRate.RepRate rate = model.creationRate().rep("r1");
        assertThat(rate.openings()).isCloseTo(openings, within(1e-12));
        assertThat(rate.exposureDays()).isCloseTo(exposure, within(1e-6 * exposure));
        assertThat(rate.ratePerDay()).isCloseTo(openings / exposure, within(1e-6 * openings / exposure));
        ForecastModel flat = ForecastModel.learn(facts.histories(), Facts.at(AS_OF), DefaultSalesProcess.get(),
                settings.withHalfLife(Double.POSITIVE_INFINITY));
        assertThat(flat.creationRate().rep("r1").ratePerDay()).isCloseTo(6 / 184.0, within(1e-9));
        // a very long half-life is continuous with no decay
        ForecastModel almostFlat = ForecastModel.learn(facts.histories(), Facts.at(AS_OF), DefaultSalesProcess.get(),
                settings.withHalfLife(1e12));
        assertThat(almostFlat.creationRate().rep("r1").ratePerDay()).isCloseTo(6 / 184.0, within(1e-9));
    }

    @Test
    void aTeamWhoseExitsAreMostlyOldFallsBackToTheCompanyCurve() {
        Facts facts = new Facts();
        LocalDate asOf = LocalDate.parse(AS_OF);
        for (int i = 0; i < 45; i++) { // t2: 45 stays of 10 days, one every 10 days back from as-of
            LocalDate left = asOf.minusDays(1 + 10L * i);
            facts.opened("T" + i, left.minusDays(10).toString(), "r2", "t2", "closing", 1_000, null)
                    .lost("T" + i, left.toString());
        }
        for (int i = 0; i < 100; i++) { // t1: 100 recent stays of 30 days
            LocalDate left = asOf.minusDays(1 + i % 20);
            facts.opened("U" + i, left.minusDays(30).toString(), "r1", "t1", "closing", 1_000, null)
                    .lost("U" + i, left.toString());
        }
        ForecastModel flat = ForecastModel.learn(facts.histories(), Facts.at(AS_OF), DefaultSalesProcess.get(),
                ForecastSettings.defaults());
        assertThat(flat.dwellTimes().survival("t2", CLOSING, 20)).isEqualTo(0.0); // 45 >= 40 exits: its own curve
        ForecastModel decayed = ForecastModel.learn(facts.histories(), Facts.at(AS_OF), DefaultSalesProcess.get(),
                ForecastSettings.defaults().withHalfLife(30));
        // Kish: weights 2^(-(1 + 10 i)/30) count as about 8.7 exits, below 40: the company's curve
        double r = Math.pow(2, -10 / 30.0);
        double kish = Math.pow((1 - Math.pow(r, 45)) / (1 - r), 2) / ((1 - Math.pow(r, 90)) / (1 - r * r));
        assertThat(kish).isBetween(8.0, 9.5);
        assertThat(decayed.dwellTimes().survival("t2", CLOSING, 20))
                .isEqualTo(decayed.dwellTimes().survival("nobody", CLOSING, 20))
                .isGreaterThan(0.5);
    }
}
