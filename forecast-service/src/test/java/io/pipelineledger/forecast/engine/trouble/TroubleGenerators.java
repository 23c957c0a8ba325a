package io.pipelineledger.forecast.engine.trouble;

import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.generator.DomainEvents;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.Enforcement;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;
import io.pipelineledger.forecast.engine.DealHistories;
import io.pipelineledger.forecast.engine.trouble.FunnelSimulator.CloseDates;
import io.pipelineledger.forecast.engine.trouble.SimulatedDeal.Kind;
import io.pipelineledger.forecast.engine.trouble.SimulatedDeal.Step;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeded histories the engine was not designed around (issue 15, item 8), each reproducing one failure mode seen on
 * real data, built directly as engine deal histories. All but (c) and (g) run 2023-01-01 to 2026-01-01 (a warm-up
 * year, then 8 quarters and 12 months to backtest); sizes are 5–15k deals, each built in well under a second.
 */
final class TroubleGenerators {

    static final Instant START = Instant.parse("2023-01-01T00:00:00Z");
    static final Instant END = Instant.parse("2026-01-01T00:00:00Z");
    /** (a): every stage converts 7 % worse (relative) for moves from this instant on. */
    static final Instant DROP = Instant.parse("2024-10-01T00:00:00Z");
    static final double DROP_FACTOR = 0.93;
    /** (a): the quarter starting at the drop is the first after it; this one the second. */
    static final BusinessPeriod SECOND_QUARTER_AFTER_DROP = period("2025-Q1");
    /** (c): the export holds closes from this instant on; deals open then keep only their opening. */
    static final Instant EXPORT_FROM = Instant.parse("2023-07-01T00:00:00Z");
    /** (d): the team's first wins come from this instant on, at full strength 120 days later. */
    static final Instant FIRST_WINS = Instant.parse("2023-10-01T00:00:00Z");
    static final int TEAMS = 3;

    /** A history with the process it follows and the periods to backtest it over. */
    record Scenario(String key, String title, SalesProcess process, DealHistories deals, int dealCount, Instant end,
                    BusinessPeriod firstQuarter, BusinessPeriod lastQuarter, BusinessPeriod firstMonth,
                    BusinessPeriod lastMonth) {
    }

    private TroubleGenerators() {
    }

    static List<Scenario> all(long seed) {
        return all(seed, 1);
    }

    /** {@code scale} multiplies the deals created (1: the sizes above), for quicker runs of the same troubles. */
    static List<Scenario> all(long seed, double scale) {
        return List.of(conversionDrop(seed, scale), growthAndPush(seed, scale), truncatedExport(seed, scale),
                rampingTeam(seed, scale), stalePipeline(seed, scale), twoStageNoDates(seed, scale),
                existing(seed, scale));
    }

    /** (a) From {@link #DROP} on, each stage's conversion is 7 % lower: the win rate falls to 0.93^6 ≈ 0.65 of it. */
    static Scenario conversionDrop(long seed) {
        return conversionDrop(seed, 1);
    }

    static Scenario conversionDrop(long seed, double scale) {
        FunnelSimulator f = new FunnelSimulator(START, END);
        f.scale = scale;
        f.conversion = (at, stage, stages) -> at.isBefore(DROP) ? 1 : DROP_FACTOR;
        return standard("a-conversion-drop", "conversion drops 7 %/stage from 2024-10-01", f, seed);
    }

    /** (b) Creation grows 25 %/year; half the wins not due in a quarter's last two weeks are held until then. */
    static Scenario growthAndPush(long seed) {
        return growthAndPush(seed, 1);
    }

    static Scenario growthAndPush(long seed, double scale) {
        FunnelSimulator f = new FunnelSimulator(START, END);
        f.scale = scale;
        f.creation = day -> 8 * Math.pow(1.25, Duration.between(START, day).toDays() / 365.25);
        f.pushShare = 0.5;
        f.closeDates = CloseDates.QUARTER_END;
        return standard("b-growth-and-push", "25 %/year growth, end-of-quarter push, slipping close dates", f, seed);
    }

    /**
     * (c) An export that starts at {@link #EXPORT_FROM}: deals closed before are missing; a deal open then shows its
     * opening date but, as its only earlier fact, an opening in the stage (and close date) it had at the export
     * start. Simulated from a year before.
     */
    static Scenario truncatedExport(long seed) {
        return truncatedExport(seed, 1);
    }

    static Scenario truncatedExport(long seed, double scale) {
        FunnelSimulator f = new FunnelSimulator(EXPORT_FROM.minus(Duration.ofDays(365)), END);
        f.scale = scale;
        List<SimulatedDeal> deals = new ArrayList<>();
        for (SimulatedDeal d : f.run(seed)) {
            SimulatedDeal t = truncated(d, EXPORT_FROM);
            if (t != null) {
                deals.add(t);
            }
        }
        // backtested from the quarter after the export starts: the window the engine learns from is then truncated
        return new Scenario("c-truncated-export", "export from 2023-07-01, earlier stage history missing",
                DefaultSalesProcess.get(), SimulatedLedger.histories(deals, DefaultSalesProcess.get(), TEAMS),
                deals.size(), END, period("2023-Q4"), period("2025-Q3"), period("2023-10"), period("2024-09"));
    }

    /**
     * (d) A team that starts with the history: no win before {@link #FIRST_WINS} (deals reaching the last stage are
     * lost), the last stage's conversion ramping to full over 120 days; creation ramps from 4 to 11 a day by then;
     * a quarter of the leads never close nor are lost.
     */
    static Scenario rampingTeam(long seed) {
        return rampingTeam(seed, 1);
    }

    static Scenario rampingTeam(long seed, double scale) {
        FunnelSimulator f = new FunnelSimulator(START, END);
        f.scale = scale;
        double rampDays = Duration.between(START, FIRST_WINS).toDays();
        f.creation = day -> 4 + 7 * Math.min(1, Duration.between(START, day).toDays() / rampDays);
        f.conversion = (at, stage, stages) -> stage < stages - 1 ? 1
                : Math.max(0, Math.min(1, Duration.between(FIRST_WINS, at).toHours() / (120 * 24.0)));
        f.staleShare = 0.25;
        List<SimulatedDeal> deals = f.run(seed);
        return new Scenario("d-ramping-team", "first wins from 2023-10-01, ramping 120 days; 25 % never closed",
                DefaultSalesProcess.get(), SimulatedLedger.histories(deals, DefaultSalesProcess.get(), TEAMS),
                deals.size(), END, period("2024-Q1"), period("2025-Q4"), period("2024-01"), period("2024-12"));
    }

    /** (e) A third of the deals stop wherever they are: never won, never lost, open forever. */
    static Scenario stalePipeline(long seed) {
        return stalePipeline(seed, 1);
    }

    static Scenario stalePipeline(long seed, double scale) {
        FunnelSimulator f = new FunnelSimulator(START, END);
        f.scale = scale;
        f.staleShare = 1 / 3.0;
        return standard("e-stale-pipeline", "a third of deals never closed nor lost", f, seed);
    }

    /**
     * (f) Two open stages, no expected close dates; half the deals run through 5× quicker than mean (about 15 days
     * in all), the others 1.8× slower (about 135 days), so about half of each quarter's bookings come from deals
     * opened inside it.
     */
    static Scenario twoStageNoDates(long seed) {
        return twoStageNoDates(seed, 1);
    }

    static Scenario twoStageNoDates(long seed, double scale) {
        SalesProcess process = twoStageProcess();
        FunnelSimulator f = new FunnelSimulator(START, END);
        f.scale = scale;
        f.advance = new double[] {0.45, 0.60};
        f.dwellDays = new double[] {30, 45};
        f.creation = day -> 8;
        f.closeDates = CloseDates.NONE;
        f.fastShare = 0.5;
        f.fastFactor = 0.2;
        f.slowFactor = 1.8;
        List<SimulatedDeal> deals = f.run(seed);
        return scenario("f-two-stage-no-dates", "two stages, no close dates, half the bookings opened in-period",
                process, deals);
    }

    /** (g) The team's own generator: 48 reps in 6 teams, 3 deals per rep per month, 2023-01-01 to 2026-01-01. */
    static Scenario existing(long seed) {
        return existing(seed, 1);
    }

    static Scenario existing(long seed, double scale) {
        int reps = Math.max(6, (int) Math.round(48 * scale));
        DealHistories deals = DealHistories.of(DomainEvents.of(new CrmHistoryGenerator().generate(
                new CrmHistoryGenerator.Settings(seed, reps, 2, START, END, 3.0, 0.05, 0.05)).events()));
        return new Scenario("g-existing-generator", "CrmHistoryGenerator (the engine's own assumptions)",
                DefaultSalesProcess.get(), deals, deals.deals().size(), END, period("2024-Q1"), period("2025-Q4"),
                period("2025-01"), period("2025-12"));
    }

    static SalesProcess twoStageProcess() {
        return new SalesProcess(List.of(
                new StageDefinition(StageId.of("lead"), "Lead", 0.2, false, List.of()),
                new StageDefinition(StageId.of("deal"), "Deal", 0.5, false, List.of()),
                new StageDefinition(StageId.of("won"), "Won", 1.0, true, List.of())), Enforcement.RECORD);
    }

    /** The deal as an export starting at {@code from} shows it; null when it closed before. */
    static SimulatedDeal truncated(SimulatedDeal deal, Instant from) {
        Instant closed = deal.closedAt();
        if (closed != null && closed.isBefore(from)) {
            return null;
        }
        if (!deal.openedAt().isBefore(from)) {
            return deal;
        }
        int stage = 0;
        LocalDate close = null;
        List<Step> later = new ArrayList<>();
        for (Step s : deal.steps()) {
            if (s.at().isBefore(from)) {
                if (s.kind() == Kind.OPENED || s.kind() == Kind.STAGE) {
                    stage = s.stage();
                }
                if (s.closeDate() != null) {
                    close = s.closeDate();
                }
            } else {
                later.add(s);
            }
        }
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(deal.openedAt(), Kind.OPENED, stage, close));
        steps.addAll(later);
        return new SimulatedDeal(deal.id(), deal.rep(), deal.amount(), List.copyOf(steps));
    }

    private static Scenario standard(String key, String title, FunnelSimulator f, long seed) {
        return scenario(key, title, DefaultSalesProcess.get(), f.run(seed));
    }

    private static Scenario scenario(String key, String title, SalesProcess process, List<SimulatedDeal> deals) {
        return new Scenario(key, title, process, SimulatedLedger.histories(deals, process, TEAMS), deals.size(), END,
                period("2024-Q1"), period("2025-Q4"), period("2025-01"), period("2025-12"));
    }

    static BusinessPeriod period(String key) {
        return BusinessPeriod.parse(key).orElseThrow();
    }
}
