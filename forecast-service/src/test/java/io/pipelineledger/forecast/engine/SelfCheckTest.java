package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.period.BusinessPeriod.Granularity;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The self-check reads no fact at or after its as-of, and the next day's reuses the cached answers. */
class SelfCheckTest {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant AS_OF = Instant.parse("2025-08-20T00:00:00Z");

    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), ForecastSettings.defaults());

    @Test
    void originsAreTheLastFourQuartersAtTheirStartAndOneAndTwoMonthsIn() {
        List<SelfCheck.Origin> origins = SelfCheck.origins(AS_OF, Granularity.QUARTER);

        assertThat(origins).hasSize(12);
        assertThat(origins.get(0).period().key()).isEqualTo("2024-Q3");
        assertThat(origins.get(0).at()).isEqualTo(Instant.parse("2024-07-01T00:00:00Z"));
        assertThat(origins.get(1).at()).isEqualTo(Instant.parse("2024-08-01T00:00:00Z"));
        assertThat(origins).extracting(SelfCheck.Origin::position).containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2);
        BusinessPeriod q3 = BusinessPeriod.parse("2025-Q3").orElseThrow();
        assertThat(SelfCheck.position(q3, Instant.parse("2025-07-10T00:00:00Z"))).isZero();
        assertThat(SelfCheck.position(q3, Instant.parse("2025-08-10T00:00:00Z"))).isEqualTo(1);
        assertThat(SelfCheck.position(q3, AS_OF)).isEqualTo(2);
        assertThat(SelfCheck.position(q3, Instant.parse("2025-09-30T00:00:00Z"))).isEqualTo(2);
        assertThat(origins.get(11).period().key()).isEqualTo("2025-Q2");
        assertThat(origins.get(11).at()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
        List<SelfCheck.Origin> months = SelfCheck.origins(AS_OF, Granularity.MONTH);
        assertThat(months).hasSize(24);
        assertThat(months.get(23).period().key()).isEqualTo("2025-07");
        assertThat(months.get(23).at()).isEqualTo(Instant.parse("2025-07-15T00:00:00Z"));
    }

    @Test
    void aFactAtOrAfterAsOfChangesNothingAndTheNextDayReusesEveryAnswer() {
        List<OpportunityEvent> events = GeneratedHistories.events(5, 18, 2, START, END, 3.0);
        DealHistories all = DealHistories.of(events);
        DealHistories before = DealHistories.of(events.stream().filter(e -> e.occurredAt().isBefore(AS_OF)).toList());
        List<Candidate> candidates = Candidate.of(engine);

        SelfCheckCache cache = new SelfCheckCache();
        long t0 = System.nanoTime();
        SelfCheck.Result full = SelfCheck.run(engine, candidates, all, AS_OF, Granularity.QUARTER, cache);
        long coldMillis = (System.nanoTime() - t0) / 1_000_000;
        SelfCheckCache cutCache = new SelfCheckCache();
        SelfCheck.Result cut = SelfCheck.run(engine, candidates, before, AS_OF, Granularity.QUARTER, cutCache);

        assertThat(full.originCount()).isEqualTo(12);
        assertThat(full.candidates()).extracting(Candidate::name).containsExactlyElementsOf(cut.candidates().stream()
                .map(Candidate::name).toList());
        assertThat(full.actual()).containsExactly(cut.actual());
        for (int c = 0; c < full.candidates().size(); c++) {
            assertThat(full.errors()[c]).containsExactly(cut.errors()[c]);
        }
        ForecastRequest request = new ForecastRequest(BusinessPeriod.parse("2025-Q3").orElseThrow(), AS_OF,
                Grouping.TEAM, Method.AUTO);
        Forecast a = PreparedForecast.prepare(engine, all, AS_OF, cache).forecast(request);
        Forecast b = PreparedForecast.prepare(engine, before, AS_OF, cutCache).forecast(request);
        assertThat(a.groups()).isEqualTo(b.groups());
        assertThat(a.provenance().selfCheck()).usingRecursiveComparison().ignoringFields("computeMillis")
                .isEqualTo(b.provenance().selfCheck());

        // the next day: same origins, same facts before each, so every answer comes from the cache
        long t1 = System.nanoTime();
        SelfCheck.Result nextDay = SelfCheck.run(engine, candidates, all, AS_OF.plusSeconds(86_400),
                Granularity.QUARTER, cache);
        long warmMillis = (System.nanoTime() - t1) / 1_000_000;
        assertThat(nextDay.computed()).isZero();
        assertThat(nextDay.errors()[0]).containsExactly(full.errors()[0]);
        System.out.printf("self-check of %d candidates x %d origins on %d deals / %d facts: cold %d ms (%d answers "
                        + "computed), next day %d ms (all %d from the cache)%n", full.candidates().size(),
                full.originCount(), all.deals().size(), all.factCount(), coldMillis, full.computed(), warmMillis,
                full.candidates().size() * full.originCount());
    }

    @Test
    void errorIsTheLogRatioOfWhatWasNotWonYetWithAFloor() {
        // won 40 before the origin, forecast 140 in all, actual 240: log(200/100)
        assertThat(SelfCheck.error(240, 40, 140, 1)).isEqualTo(Math.log(2));
        // nothing forecast beyond what was won: the floor (10) stands for it
        assertThat(SelfCheck.error(240, 40, 40, 10)).isEqualTo(Math.log(20));
    }
}
