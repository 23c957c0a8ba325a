package io.pipelineledger.forecast.forecast;

import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.generator.DomainEvents;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.forecast.engine.DealHistories;
import io.pipelineledger.forecast.engine.DealHistory;
import io.pipelineledger.forecast.engine.DealStates;
import io.pipelineledger.forecast.engine.Forecast;
import io.pipelineledger.forecast.engine.ForecastEngine;
import io.pipelineledger.forecast.engine.ForecastRequest;
import io.pipelineledger.forecast.engine.ForecastSettings;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.Method;
import io.pipelineledger.forecast.projection.ForecastLedger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live forecast against an independent computation: the engine run from scratch on histories built afresh
 * from the same events (its own builder, its own replay of every deal).
 */
class LiveForecastTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-05-01T00:00:00Z");
    private static final BusinessPeriod QUARTER = BusinessPeriod.parse("2026-Q2").orElseThrow();
    private static final List<OpportunityEvent> EVENTS = DomainEvents.of(new CrmHistoryGenerator().generate(
            new CrmHistoryGenerator.Settings(7, 12, 2, START, END, 6, 0.05, 0.05)).events());
    private static final ForecastSettings SETTINGS = ForecastSettings.defaults().withSimulations(200);

    private final ForecastLedger ledger = new ForecastLedger();
    private final AtomicReference<Instant> clock = new AtomicReference<>(END.plus(1, ChronoUnit.HOURS));

    private static ForecastEngine engine(ForecastLedger.View view) {
        return new ForecastEngine(view.process(), SETTINGS, view.rates(), "USD");
    }

    private LiveForecast live(Duration interval) {
        return new LiveForecast(ledger::view, LiveForecastTest::engine, clock::get, interval, Duration.ZERO);
    }

    private void apply(List<OpportunityEvent> events) {
        events.forEach(e -> ledger.apply(e, -1));
    }

    private static Forecast answer(LiveForecast.Prepared p, Grouping groupBy, Method method) {
        return p.engine().forecast(new ForecastRequest(QUARTER, p.asOf(), groupBy, method, null), p.model(),
                p.states());
    }

    @Test
    void asOfNowAppliesTheModelOfTheLastRelearnToTheStatesNow() {
        int cut = EVENTS.size() * 95 / 100;
        apply(EVENTS.subList(0, cut));
        LiveForecast live = live(Duration.ofMinutes(1));
        Instant learnedAt = clock.get();
        live.relearnIfChanged(); // the background's turn
        apply(EVENTS.subList(cut, EVENTS.size()));
        clock.set(learnedAt.plusSeconds(20));

        LiveForecast.Prepared now = live.now();

        assertThat(live.learnings()).as("no learning on the request path").isEqualTo(1);
        assertThat(now.model().asOf()).isEqualTo(learnedAt);
        assertThat(now.asOf()).isEqualTo(clock.get());
        ForecastEngine independent = new ForecastEngine(DefaultSalesProcess.get(), SETTINGS);
        DealHistories before = DealHistories.of(EVENTS.subList(0, cut));
        DealHistories all = DealHistories.of(EVENTS);
        DealStates statesNow = independent.states(all, clock.get());
        assertThat(now.states()).as("the states reflect every fact at once").isEqualTo(statesNow);
        assertThat(now.states().factsUsed()).isEqualTo(all.factCount());
        for (Grouping groupBy : List.of(Grouping.REP, Grouping.TEAM)) {
            for (Method method : List.of(Method.LEARNED, Method.BASELINE)) {
                Forecast expected = independent.forecast(new ForecastRequest(QUARTER, clock.get(), groupBy, method,
                        null), independent.learn(before, learnedAt), statesNow);
                assertThat(answer(now, groupBy, method)).as(groupBy + " " + method).isEqualTo(expected);
            }
        }
    }

    @Test
    void theBackgroundRelearnsAtMostOncePerIntervalAndRequestsNeverLearn() throws Exception {
        int cut = EVENTS.size() * 90 / 100;
        apply(EVENTS.subList(0, cut));
        Duration interval = Duration.ofMillis(300);
        LiveForecast live = live(interval);
        long started = System.nanoTime();
        live.start();
        try {
            // facts arrive all the time and requests keep asking: learnings follow the interval, not either
            for (int i = cut; i < EVENTS.size() && System.nanoTime() - started < 1_500_000_000L; i++) {
                ledger.apply(EVENTS.get(i), -1);
                live.now();
                Thread.sleep(5);
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            long learnings = live.learnings();
            assertThat(learnings).isGreaterThanOrEqualTo(2)
                    .isLessThanOrEqualTo(1 + (long) Math.floor(elapsed / 0.3) + 1);
        } finally {
            live.close();
        }
        long learnings = live.learnings();
        ledger.apply(EVENTS.get(EVENTS.size() - 1), -1);
        apply(EVENTS.subList(0, 10)); // redelivered facts count as new facts here (no sequence): a change
        for (int i = 0; i < 5; i++) {
            live.now();
        }
        assertThat(live.learnings()).as("requests after facts arrived do not learn").isEqualTo(learnings);
    }

    @Test
    void aBulkArrivalIsLearnedAtOnceNotAfterTheInterval() throws Exception {
        apply(EVENTS.subList(0, EVENTS.size() / 2));
        LiveForecast live = live(Duration.ofHours(1));
        live.start();
        try {
            awaitLearnings(live, 1);
            // the other half arrives (an import, the demo posted after the start): more than a tenth more facts
            apply(EVENTS.subList(EVENTS.size() / 2, EVENTS.size()));
            awaitLearnings(live, 2);
            assertThat(live.learned().model()).isNotNull();
            assertThat(live.now().model()).isSameAs(live.learned().model());
            Thread.sleep(1_500);
            assertThat(live.learnings()).as("no growth since: no learning before the interval").isEqualTo(2);
            // a few facts more are not a bulk arrival: they wait for the interval
            apply(EVENTS.subList(0, 3));
            Thread.sleep(1_500);
            assertThat(live.learnings()).isEqualTo(2);
        } finally {
            live.close();
        }
    }

    private static void awaitLearnings(LiveForecast live, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (live.learnings() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(live.learnings()).isEqualTo(n);
    }

    @Test
    void anIntervalOfZeroRelearnsBeforeAnsweringWhenAFactArrived() {
        int cut = EVENTS.size() - 40;
        apply(EVENTS.subList(0, cut));
        LiveForecast live = live(Duration.ZERO);
        live.now();
        live.now();
        assertThat(live.learnings()).isEqualTo(1);
        apply(EVENTS.subList(cut, EVENTS.size()));
        LiveForecast.Prepared now = live.now();
        assertThat(live.learnings()).isEqualTo(2);
        ForecastEngine independent = new ForecastEngine(DefaultSalesProcess.get(), SETTINGS);
        assertThat(answer(now, Grouping.REP, Method.LEARNED)).isEqualTo(independent.forecast(
                new ForecastRequest(QUARTER, clock.get(), Grouping.REP, Method.LEARNED, null),
                DealHistories.of(EVENTS)));
    }

    @Test
    void aPastAsOfIsExactAndKeptUntilAFactBeforeItArrives() {
        Instant asOf = Instant.parse("2026-04-01T00:00:00Z");
        // a fact the forecast reads (not a milestone), before the as-of, arrives last
        List<OpportunityEvent> read = EVENTS.stream().filter(e -> DealHistories.of(List.of(e)).factCount() == 1)
                .toList();
        List<OpportunityEvent> early = read.stream().filter(e -> e.occurredAt().isBefore(asOf)).toList();
        List<OpportunityEvent> late = read.stream().filter(e -> !e.occurredAt().isBefore(asOf)).toList();
        OpportunityEvent backfilled = early.get(early.size() - 1);
        apply(early.subList(0, early.size() - 1));
        apply(late);
        LiveForecast live = live(Duration.ofMinutes(1));
        ForecastEngine independent = new ForecastEngine(DefaultSalesProcess.get(), SETTINGS);

        LiveForecast.Prepared first = live.at(asOf, null);
        assertThat(answer(first, Grouping.REP, Method.LEARNED)).isEqualTo(independent.forecast(
                new ForecastRequest(QUARTER, asOf, Grouping.REP, Method.LEARNED, null),
                DealHistories.of(ledgerEvents(early.subList(0, early.size() - 1), late))));
        ledger.apply(late.get(0), -1); // a fact after the as-of (again): nothing learned as of it changes
        assertThat(live.at(asOf, null)).isSameAs(first);

        ledger.apply(backfilled, -1); // a fact before it: learned again, exactly
        LiveForecast.Prepared second = live.at(asOf, null);
        assertThat(second).isNotSameAs(first);
        assertThat(answer(second, Grouping.REP, Method.LEARNED)).isEqualTo(independent.forecast(
                new ForecastRequest(QUARTER, asOf, Grouping.REP, Method.LEARNED, null),
                DealHistories.of(ledgerEvents(early, late))));
        assertThat(live.learnings()).as("a past as-of is not the live model").isZero();
    }

    @Test
    void twoVersionsShareTheStorageOfEveryDealNoFactTouched() {
        // the last fact of a deal that has earlier ones
        int lastIndex = EVENTS.size() - 1;
        while (EVENTS.subList(0, lastIndex).stream()
                .noneMatch(e -> e.opportunityId().equals(EVENTS.get(EVENTS.size() - 1).opportunityId()))) {
            lastIndex--;
        }
        OpportunityEvent last = EVENTS.get(lastIndex);
        for (int i = 0; i < EVENTS.size(); i++) {
            if (i != lastIndex) {
                ledger.apply(EVENTS.get(i), -1);
            }
        }
        LiveForecast live = live(Duration.ofMinutes(1));
        live.relearnIfChanged();
        live.now();
        long replayed = live.statesReplayed();
        DealHistories v1 = ledger.view().deals();
        ledger.apply(last, -1);
        DealHistories v2 = ledger.view().deals();
        assertThat(v2).isNotSameAs(v1);
        assertThat(v2.factCount()).isEqualTo(v1.factCount() + 1);
        int shared = 0;
        for (int i = 0; i < v1.deals().size(); i++) {
            DealHistory old = v1.deals().get(i);
            DealHistory now = v2.deals().stream().filter(d -> d.opportunityId().equals(old.opportunityId()))
                    .findFirst().orElseThrow();
            if (old.opportunityId().equals(last.opportunityId().value())) {
                assertThat(now).isNotSameAs(old);
                assertThat(now.size()).isEqualTo(old.size() + 1);
                assertThat(old.size()).as("the older version keeps its facts").isEqualTo(now.size() - 1);
            } else {
                assertThat(now).isSameAs(old);
                shared++;
            }
        }
        assertThat(shared).isEqualTo(v1.deals().size() - 1).isGreaterThan(100);
        clock.set(clock.get().plusSeconds(1));
        live.now();
        assertThat(live.statesReplayed() - replayed).as("one fact, one deal replayed").isEqualTo(1);
    }

    private static List<OpportunityEvent> ledgerEvents(List<OpportunityEvent> a, List<OpportunityEvent> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
