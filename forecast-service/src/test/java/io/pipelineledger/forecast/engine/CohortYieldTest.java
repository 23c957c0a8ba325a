package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Cohort yields on four hand-written deals, every figure worked out by hand below. */
class CohortYieldTest {

    private static final BusinessPeriod MARCH = BusinessPeriod.parse("2026-03").orElseThrow();
    private static final Instant AS_OF = Facts.at("2026-03-01");
    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());

    /**
     * A (r1/t1) opened Jan 20, won Feb 10 at 8,000; B (r1/t1) opened Dec 20, still open; C (r2/t2) opened Dec 20,
     * lost Feb 20; N (r1/t1) opened Feb 5 and won Feb 15 at 6,000. No expected close dates.
     */
    static Facts deals() {
        return new Facts()
                .opened("B", "2025-12-20", "r1", "t1", "discussion", 30_000, null)
                .opened("C", "2025-12-20", "r2", "t2", "discussion", 10_000, null)
                .opened("A", "2026-01-20", "r1", "t1", "discussion", 10_000, null)
                .opened("N", "2026-02-05", "r1", "t1", "discussion", 5_000, null)
                .won("A", "2026-02-10", 8_000L)
                .won("N", "2026-02-15", 6_000L)
                .lost("C", "2026-02-20");
    }

    private static double shrink(double won, double open, double parent, double strength) {
        return (won + strength * parent) / (open + strength);
    }

    @Test
    void windowsAreEightBackToBackAndTheMonthStartsOfTheYearBefore() {
        long seconds = CohortYield.windowSeconds(MARCH, AS_OF);
        assertThat(seconds).isEqualTo(31 * 86_400L);
        // 8 back to back (Jan 29 back to 2025-06-26) + month starts 2025-03-01 .. 2026-01-01 (11; Feb 1 would end
        // after as-of); none coincide
        assertThat(CohortYield.windowStarts(AS_OF, seconds)).hasSize(19)
                .contains(Facts.at("2026-01-29"), Facts.at("2025-12-29"), Facts.at("2026-01-01"),
                        Facts.at("2025-03-01"))
                .doesNotContain(Facts.at("2026-02-01"));
    }

    @Test
    void yieldsAndTheForecastMatchAHandComputation() {
        // Windows of 31 days. Open at a window's start (stage discussion throughout):
        //   [Jan 29, Mar 1): A 10,000 (9 days in stage: band <30, r1) won 8,000 inside; B 30,000 (40 d: 30-90, r1);
        //                    C 10,000 (30-90, r2)
        //   [Dec 29, Jan 29) and [Jan 1, Feb 1): B 30,000 and C 10,000, both <30 days, nothing won inside
        // -> band <30: open 90,000, won 8,000; band 30-90: open 40,000, won 0; all: 130,000 / 8,000 over 7 deals.
        double company = 8_000 / 130_000.0;
        double meanOpen = 130_000 / 7.0;
        ForecastSettings s = ForecastSettings.defaults();
        double stage = shrink(8_000, 130_000, company, s.processPriorStrength() * meanOpen);
        double band1 = shrink(0, 40_000, stage, s.processPriorStrength() * meanOpen);
        double team1 = shrink(0, 30_000, band1, s.teamStrength() * meanOpen);
        double rep1 = shrink(0, 30_000, team1, s.repStrength() * meanOpen);
        // Created and won inside a window: only N (6,000, r1) in [Jan 29, Mar 1). Reps active (an open deal at the
        // start or one opened inside): r1 and r2 in the five windows starting Nov 28, Dec 1, Dec 29, Jan 1, Jan 29:
        // 155 rep-days each.
        double perDay = 6_000 / 310.0;
        double t1 = shrink(6_000, 155, perDay, s.rateStrengthDays());
        double r1 = shrink(6_000, 155, t1, s.rateStrengthDays());

        DealHistories histories = deals().histories();
        CohortYield yields = engine.learnCohort(histories, engine.states(histories, AS_OF),
                new ForecastRequest(MARCH, AS_OF, Grouping.ALL, Method.COHORT));
        assertThat(yields.companyYield()).isCloseTo(company, within(1e-12));
        assertThat(yields.meanNewWonAmount()).isCloseTo(6_000, within(1e-9));
        assertThat(yields.newValuePerDay(new Owner("r1", "t1", "emea"))).isCloseTo(r1, within(1e-9));
        // a rep never seen: the team's; a team never seen: the company's
        assertThat(yields.newValuePerDay(new Owner("r9", "t1", "emea"))).isCloseTo(t1, within(1e-9));
        assertThat(yields.newValuePerDay(new Owner("r9", "t9", "emea"))).isCloseTo(perDay, within(1e-9));
        int discussion = engine.states(histories, AS_OF).deals().stream().filter(d -> d.opportunityId().equals("B"))
                .findFirst().orElseThrow().stagePosition();
        assertThat(yields.openYield(new Owner("r1", "t1", "emea"), discussion, 71)).isCloseTo(rep1, within(1e-12));
        // band <30 for r1 (and t1): A 10,000 won 8,000 + B 30,000 twice = 70,000 open, 8,000 won
        double band0 = shrink(8_000, 90_000, stage, s.processPriorStrength() * meanOpen);
        double rep0 = shrink(8_000, 70_000, shrink(8_000, 70_000, band0, s.teamStrength() * meanOpen),
                s.repStrength() * meanOpen);
        assertThat(yields.openYield(new Owner("r1", "t1", "emea"), discussion, 10)).isCloseTo(rep0, within(1e-12));
        // r2 (t2) held only C: 10,000 in each band, never won
        double r2band1 = shrink(0, 10_000, shrink(0, 10_000, band1, s.teamStrength() * meanOpen),
                s.repStrength() * meanOpen);
        assertThat(yields.openYield(new Owner("r2", "t2", "emea"), discussion, 45)).isCloseTo(r2band1, within(1e-12));
        // a stage never seen: the company's whole-pipeline yield
        assertThat(yields.openYield(new Owner("r1", "t1", "emea"), discussion + 1, 10))
                .isCloseTo(company, within(1e-12));

        // As of Mar 1: B is open, 71 days in stage (band 30-90), owned by r1 -> q = r1's band yield. Active reps:
        // r1 (owns B, opened N on Feb 5); r2's only deal is lost and older than the window: no new-deal term.
        Forecast f = engine.forecast(new ForecastRequest(MARCH, AS_OF, Grouping.REP, Method.COHORT), histories);
        GroupForecast rep = f.group("r1").orElseThrow();
        assertThat(rep.closedWon()).isEqualByComparingTo("0");
        assertThat(rep.fromOpenDeals().doubleValue()).isCloseTo(rep1 * 30_000, within(0.01));
        assertThat(rep.fromNewDeals().doubleValue()).isCloseTo(r1 * 31, within(0.01));
        assertThat(rep.expected().doubleValue()).isCloseTo(rep1 * 30_000 + r1 * 31, within(0.02));
        assertThat(rep.openDeals()).isEqualTo(1);
        assertThat(f.group("r2")).isEmpty();
        assertThat(rep.p10()).isLessThanOrEqualTo(rep.p50());
        assertThat(rep.p50()).isLessThanOrEqualTo(rep.p90());
        assertThat(f.provenance().modelVersion()).isEqualTo(CohortYield.VERSION);
        assertThat(f.provenance().parameters()).containsEntry("windows", "19").containsEntry("windowDays", "31.0");

        Explanation e = engine.explain(new ForecastRequest(MARCH, AS_OF, Grouping.REP, Method.COHORT), "r1", null,
                engine.states(histories, AS_OF), histories);
        Map<String, DealTerm> byId = e.deals().stream()
                .collect(Collectors.toMap(DealTerm::opportunityId, Function.identity()));
        assertThat(byId.keySet()).containsExactly("B");
        assertThat(byId.get("B").pInPeriod()).isCloseTo(rep1, within(1e-12));
        assertThat(byId.get("B").amount()).isEqualByComparingTo("30000");
        assertThat(e.newDeals()).singleElement().satisfies(n -> {
            assertThat(n.repId()).isEqualTo("r1");
            assertThat(n.expected()).isCloseTo(r1 * 31, within(1e-9));
            assertThat(n.meanWonAmount()).isCloseTo(6_000, within(1e-9));
        });
    }

    @Test
    void recentWindowsWeighMoreWithAHalfLife() {
        // half-life 31 days: the window starting Jan 29 (31 days before as-of) weighs 1/2, Dec 29 (62 d) 1/4,
        // Jan 1 (59 d) 2^(-59/31); the only win (A, 8,000) is in the Jan 29 window, whose open value is 50,000
        ForecastEngine recent = new ForecastEngine(DefaultSalesProcess.get(),
                ForecastSettings.defaults().withHalfLife(31));
        DealHistories histories = deals().histories();
        CohortYield yields = recent.learnCohort(histories, recent.states(histories, AS_OF),
                new ForecastRequest(MARCH, AS_OF, Grouping.ALL, Method.COHORT));
        double jan1 = Math.pow(0.5, 59 / 31.0);
        assertThat(yields.companyYield()).isCloseTo(0.5 * 8_000 / (0.5 * 50_000 + 0.25 * 40_000 + jan1 * 40_000),
                within(1e-12));
    }

    @Test
    void preparedForecastLearnsTheYieldsOnceAndAnswersTheSame() {
        DealHistories histories = deals().histories();
        PreparedForecast prepared = engine.prepare(histories, AS_OF);
        ForecastRequest request = new ForecastRequest(MARCH, AS_OF, Grouping.REP, Method.COHORT);
        assertThat(prepared.cohort(request)).isSameAs(prepared.cohort(request));
        assertThat(prepared.forecast(request).groups()).isEqualTo(engine.forecast(request, histories).groups());
        assertThat(prepared.explain(request, "r1").deals()).hasSize(1);
        // Backtest goes through the histories too
        Backtest.Report report = Backtest.run(engine, histories, MARCH, MARCH, Grouping.ALL,
                java.util.List.of(Method.COHORT, Method.RUN_RATE), Facts.at("2026-04-02"));
        assertThat(report.overall(Method.COHORT).rows()).isEqualTo(1);
    }

    @Test
    void aFactAfterAsOfChangesNothing() {
        DealHistories before = deals().histories();
        DealHistories after = deals().won("B", "2026-03-05", 40_000L).opened("L", "2026-03-02", "r3", "t3",
                "closing", 70_000, "2026-03-20").amount("L", "2026-03-03", 1).histories();
        for (Method method : java.util.List.of(Method.COHORT, Method.RUN_RATE)) {
            ForecastRequest request = new ForecastRequest(MARCH, AS_OF, Grouping.REP, method);
            assertThat(engine.forecast(request, after).groups()).as(method.name())
                    .isEqualTo(engine.forecast(request, before).groups());
        }
    }
}
