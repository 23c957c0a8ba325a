package io.pipelineledger.forecast.engine.trouble;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.forecast.engine.DealFact;
import io.pipelineledger.forecast.engine.DealHistory;
import io.pipelineledger.forecast.engine.DealState;
import io.pipelineledger.forecast.engine.DealStates;
import io.pipelineledger.forecast.engine.FactKind;
import io.pipelineledger.forecast.engine.ForecastEngine;
import io.pipelineledger.forecast.engine.ForecastRequest;
import io.pipelineledger.forecast.engine.ForecastSettings;
import io.pipelineledger.forecast.engine.GroupForecast;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.Method;
import io.pipelineledger.forecast.engine.trouble.ForecastEvaluation.Origins;
import io.pipelineledger.forecast.engine.trouble.ForecastEvaluation.Point;
import io.pipelineledger.forecast.engine.trouble.ForecastEvaluation.Score;
import io.pipelineledger.forecast.engine.trouble.TroubleGenerators.Scenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each generator of trouble builds the history it claims (checked on the histories themselves, not on the
 * generator's settings) and reproduces its failure mode with today's methods (learned, baseline): the numbers the
 * adaptive methods must then beat. Figures measured at seed 1 are in the comments; the margins leave room for the
 * simulation's noise, not for the failure to vanish.
 */
class TroubleGeneratorsTest {

    private static final long SEED = 1;
    private static final List<Method> TODAY = List.of(Method.LEARNED, Method.BASELINE);
    /** Today's learned method: two years of history weighing the same (the "no decay"). */
    private static final ForecastSettings NO_DECAY = ForecastSettings.defaults().withHalfLife(Double.POSITIVE_INFINITY);
    private static final Origins QUARTER_STARTS = new Origins(true, false, false);
    private static final Origins MONTH_STARTS = new Origins(false, true, false);

    @Test
    void everyGeneratorIsSeededSizedAndQuick() {
        long t0 = System.nanoTime();
        List<Scenario> first = TroubleGenerators.all(SEED);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Scenario> again = TroubleGenerators.all(SEED);
        System.out.printf(Locale.ROOT, "7 generators built in %.1f s%n", seconds);
        assertThat(seconds).isLessThan(20);
        for (int i = 0; i < first.size(); i++) {
            Scenario s = first.get(i);
            System.out.printf(Locale.ROOT, "%s: %d deals, %d facts%n", s.key(), s.dealCount(), s.deals().factCount());
            assertThat(s.dealCount()).as(s.key()).isBetween(5_000, 15_000);
            assertThat(again.get(i).deals().factCount()).as(s.key()).isEqualTo(s.deals().factCount());
            assertThat(again.get(i).deals().deals().get(100).fact(0)).isEqualTo(s.deals().deals().get(100).fact(0));
        }
        double half = TroubleGenerators.conversionDrop(SEED, 0.5).dealCount()
                / (double) TroubleGenerators.conversionDrop(SEED).dealCount();
        assertThat(half).isBetween(0.47, 0.53);
    }

    /** (a) Deals opened after the drop win ~0.65× as often; learned (no decay) stays ~30 % high after it. */
    @Test
    void conversionDropLeavesTheLearnedForecastHighAfterTheDrop() {
        Scenario s = TroubleGenerators.conversionDrop(SEED);
        DealStates end = states(s);
        double before = winRate(end, d -> d.openedAt().isBefore(TroubleGenerators.DROP.minus(Duration.ofDays(120))));
        double after = winRate(end, d -> !d.openedAt().isBefore(TroubleGenerators.DROP)
                && d.openedAt().isBefore(s.end().minus(Duration.ofDays(180))));
        System.out.printf(Locale.ROOT, "(a) win rate before %.3f after %.3f ratio %.3f (0.93^6 = %.3f)%n", before,
                after, after / before, Math.pow(0.93, 6));
        assertThat(after / before).isBetween(0.55, 0.75);

        ForecastEvaluation evaluation = new ForecastEvaluation(s, NO_DECAY);
        BusinessPeriod first = TroubleGenerators.period("2024-Q4");
        for (BusinessPeriod q : List.of(first, TroubleGenerators.SECOND_QUARTER_AFTER_DROP)) {
            Point p = evaluation.asOfStart(q, Method.LEARNED);
            System.out.printf(Locale.ROOT, "(a) %s learned %.0f actual %.0f: %+.3f%n", q.key(), p.forecast(),
                    p.actual(), p.forecast() / p.actual() - 1);
            assertThat(p.forecast() / p.actual() - 1).as(q.key()).isGreaterThan(0.08); // measured +0.151, +0.319
        }
    }

    /** (b) Creation grows 25 %/year, wins bunch at quarter ends; learned falls behind (under-forecasts). */
    @Test
    void growthAndPushLeaveTheLearnedForecastLow() {
        Scenario s = TroubleGenerators.growthAndPush(SEED);
        DealStates end = states(s);
        long firstYear = end.deals().stream().filter(d -> d.openedAt().isBefore(TroubleGenerators.START
                .plus(Duration.ofDays(365)))).count();
        long lastYear = end.deals().stream().filter(d -> !d.openedAt().isBefore(s.end().minus(Duration.ofDays(365))))
                .count();
        List<DealState> wins = end.deals().stream().filter(DealState::won).toList();
        long lateInQuarter = wins.stream().filter(d -> !d.wonAt().isBefore(BusinessPeriod.containing(d.wonAt(),
                BusinessPeriod.Granularity.QUARTER).end().minus(Duration.ofDays(14)))).count();
        double late = lateInQuarter / (double) wins.size();
        System.out.printf(Locale.ROOT, "(b) openings last/first year %.3f (1.25^2 = 1.5625); wins in the last two "
                + "weeks of the quarter %.3f%n", lastYear / (double) firstYear, late);
        assertThat(lastYear / (double) firstYear).isBetween(1.45, 1.70);
        assertThat(late).isGreaterThan(0.40);

        Score learned = learned(s, QUARTER_STARTS);
        System.out.println("(b) " + learned);
        assertThat(learned.bias()).isLessThan(-0.10); // measured -0.198, every quarter low
    }

    /** (c) No close before the export; deals open then keep only their opening; learned under-forecasts. */
    @Test
    void aTruncatedExportLeavesTheLearnedForecastLow() {
        Scenario s = TroubleGenerators.truncatedExport(SEED);
        Instant from = TroubleGenerators.EXPORT_FROM;
        int survivors = 0;
        for (DealHistory deal : s.deals().deals()) {
            DealFact opening = deal.fact(0);
            for (int i = 0; i < deal.size(); i++) {
                DealFact f = deal.fact(i);
                if (f.kind() == FactKind.WON || f.kind() == FactKind.LOST) {
                    assertThat(f.occurredAt()).isAfterOrEqualTo(from);
                }
                if (i > 0 && f.occurredAt().isBefore(from)) {
                    throw new AssertionError(deal.opportunityId() + " has a fact before the export but its opening");
                }
            }
            survivors += opening.occurredAt().isBefore(from) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "(c) %d deals opened before the export start%n", survivors);
        assertThat(survivors).isGreaterThan(300);

        List<Point> points = new ForecastEvaluation(s, NO_DECAY).points(List.of(Method.LEARNED), QUARTER_STARTS);
        points.forEach(p -> System.out.printf(Locale.ROOT, "(c) %s learned %.0f actual %.0f: %+.3f%n", p.period(),
                p.forecast(), p.actual(), p.forecast() / p.actual() - 1));
        Score learned = Score.of(Method.LEARNED, points);
        System.out.println("(c) " + learned);
        // the export's first three quarters: measured -0.216, -0.197, -0.157
        for (Point p : points.subList(0, 3)) {
            assertThat(p.forecast() / p.actual() - 1).as(p.period()).isLessThan(-0.10);
        }
        assertThat(learned.bias()).isLessThan(-0.04); // measured -0.080 over the 8 quarters

    }

    /** (d) No win before the team's first; learned, remembering the months without, stays far low. */
    @Test
    void aRampingTeamLeavesTheLearnedForecastLow() {
        Scenario s = TroubleGenerators.rampingTeam(SEED);
        DealStates end = states(s);
        Instant firstWin = end.deals().stream().filter(DealState::won).map(DealState::wonAt).min(Instant::compareTo)
                .orElseThrow();
        System.out.println("(d) first win " + firstWin);
        assertThat(firstWin).isAfterOrEqualTo(TroubleGenerators.FIRST_WINS)
                .isBefore(TroubleGenerators.FIRST_WINS.plus(Duration.ofDays(30)));

        Score learned = learned(s, MONTH_STARTS);
        System.out.println("(d) months " + learned);
        assertThat(learned.bias()).isLessThan(-0.25); // measured -0.489 over 2024's months, band held none
        assertThat(learned.coverage()).isLessThan(0.30);
    }

    /** (e) A third never closes; the baseline counts them and over-forecasts. */
    @Test
    void aStalePipelineMisleadsTheBaseline() {
        Scenario s = TroubleGenerators.stalePipeline(SEED);
        DealStates end = states(s);
        double neverClosed = end.deals().stream().filter(d -> d.open()
                && d.openedAt().isBefore(s.end().minus(Duration.ofDays(365)))).count()
                / (double) end.deals().stream().filter(d -> d.openedAt().isBefore(s.end().minus(Duration.ofDays(365))))
                .count();
        System.out.printf(Locale.ROOT, "(e) open a year on: %.3f%n", neverClosed);
        assertThat(neverClosed).isBetween(0.30, 0.37);

        Map<Method, Score> scores = new ForecastEvaluation(s, NO_DECAY).scores(TODAY, MONTH_STARTS);
        System.out.println("(e) months " + scores);
        assertThat(scores.get(Method.BASELINE).bias()).isGreaterThan(0.15); // measured +0.299 (learned -0.037)
    }

    /**
     * (f) Two stages, no close dates, half the bookings opened in-period: the baseline forecasts nothing. Printed, not
     * asserted: learned's split — here its new-deal term is about right (0.78–1.08 of what deals opened inside the
     * quarter won, measured) and its open-deal term 3–32 % high: the real export's low new-deal term is not
     * reproduced by this generator.
     */
    @Test
    void twoStagesWithoutCloseDatesLeaveTheBaselineAtZero() {
        Scenario s = TroubleGenerators.twoStageNoDates(SEED);
        DealStates end = states(s);
        assertThat(end.deals()).allSatisfy(d -> assertThat(d.expectedCloseDate()).isNull());
        double inPeriod = 0;
        double all = 0;
        for (DealState d : end.deals()) {
            if (d.won() && !d.wonAt().isBefore(s.firstQuarter().start())
                    && d.wonAt().isBefore(s.lastQuarter().end())) {
                all += d.wonAmount();
                BusinessPeriod q = BusinessPeriod.containing(d.wonAt(), BusinessPeriod.Granularity.QUARTER);
                inPeriod += q.contains(d.openedAt()) ? d.wonAmount() : 0;
            }
        }
        System.out.printf(Locale.ROOT, "(f) share of quarter bookings opened inside the quarter %.3f%n",
                inPeriod / all);
        assertThat(inPeriod / all).isBetween(0.40, 0.60);

        ForecastEngine engine = new ForecastEngine(s.process(), NO_DECAY);
        for (BusinessPeriod q = s.firstQuarter(); !q.start().isAfter(s.lastQuarter().start()); q = q.next()) {
            GroupForecast g = engine.forecast(new ForecastRequest(q, q.start(), Grouping.ALL, Method.LEARNED),
                    s.deals()).group(Grouping.ALL_KEY).orElseThrow();
            BusinessPeriod period = q;
            double openedInside = end.deals().stream().filter(d -> d.won() && period.contains(d.wonAt())
                    && period.contains(d.openedAt())).mapToDouble(DealState::wonAmount).sum();
            double fromOpen = end.deals().stream().filter(d -> d.won() && period.contains(d.wonAt())
                    && !period.contains(d.openedAt())).mapToDouble(DealState::wonAmount).sum();
            System.out.printf(Locale.ROOT, "(f) %s new-deal term %.0f vs won from deals opened inside %.0f (%.2f); "
                    + "open-deal term %.0f vs %.0f (%.2f)%n", q.key(), g.fromNewDeals().doubleValue(), openedInside,
                    g.fromNewDeals().doubleValue() / openedInside, g.fromOpenDeals().doubleValue(), fromOpen,
                    g.fromOpenDeals().doubleValue() / fromOpen);
        }
        Map<Method, Score> scores = new ForecastEvaluation(s, NO_DECAY).scores(TODAY, QUARTER_STARTS);
        System.out.println("(f) quarters " + scores);
        assertThat(Math.abs(scores.get(Method.BASELINE).bias() + 1)).isLessThan(0.01); // forecast ≈ 0
    }

    /** (g) The engine's own generator: learned beats the baseline, as ForecastAccuracyTest shows on it. */
    @Test
    void theExistingGeneratorIsWhereLearnedShines() {
        Scenario s = TroubleGenerators.existing(SEED);
        assertThat(s.process()).isEqualTo(DefaultSalesProcess.get());
        Map<Method, Score> scores = new ForecastEvaluation(s, NO_DECAY).scores(TODAY, QUARTER_STARTS);
        System.out.println("(g) quarters " + scores);
        assertThat(scores.get(Method.LEARNED).wmape()).isLessThan(scores.get(Method.BASELINE).wmape());
    }

    private static Score learned(Scenario s, Origins origins) {
        return new ForecastEvaluation(s, NO_DECAY).scores(List.of(Method.LEARNED), origins).get(Method.LEARNED);
    }

    private static DealStates states(Scenario s) {
        return new ForecastEngine(s.process(), NO_DECAY).states(s.deals(), s.end());
    }

    private static double winRate(DealStates states, Predicate<DealState> which) {
        List<DealState> deals = states.deals().stream().filter(which).toList();
        return deals.stream().filter(DealState::won).count() / (double) deals.size();
    }
}
