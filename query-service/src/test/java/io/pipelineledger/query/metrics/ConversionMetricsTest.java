package io.pipelineledger.query.metrics;

import io.pipelineledger.events.ids.StageId;
import org.junit.jupiter.api.Test;

import io.pipelineledger.events.period.BusinessPeriod;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static io.pipelineledger.query.metrics.StageVisitsTest.PROCESS;
import static io.pipelineledger.query.metrics.StageVisitsTest.day;
import static io.pipelineledger.query.metrics.StageVisitsTest.lost;
import static io.pipelineledger.query.metrics.StageVisitsTest.moved;
import static io.pipelineledger.query.metrics.StageVisitsTest.opened;
import static io.pipelineledger.query.metrics.StageVisitsTest.visits;
import static io.pipelineledger.query.metrics.StageVisitsTest.won;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConversionMetricsTest {

    @Test
    void countsRatesAndDaysPerStageAndGroup() {
        List<StageVisit> all = new ArrayList<>();
        // ann: one deal won after 2 days in prospecting, one lost after 6, one still in prospecting
        all.addAll(visits(day(100), opened(0, "prospecting", "ann"), moved(2, "prospecting", "qualification"),
                moved(4, "qualification", "closing"), won(10, "closing")));
        all.addAll(visits(day(100), opened(0, "prospecting", "ann"), lost(6, "prospecting")));
        all.addAll(visits(day(100), opened(50, "prospecting", "ann")));
        // bob: one deal advanced after 4 days, still open in qualification
        all.addAll(visits(day(100), opened(1, "prospecting", "bob"), moved(5, "prospecting", "qualification")));

        Map<String, List<StageStats>> byRep = byGroup(all, v -> v.rep().value(), null, null);
        StageStats annProspecting = stats(byRep.get("ann"), "prospecting");
        assertThat(annProspecting.entered()).isEqualTo(3);
        assertThat(annProspecting.advanced()).isEqualTo(1);
        assertThat(annProspecting.open()).isEqualTo(1);
        assertThat(annProspecting.won()).isEqualTo(1);
        assertThat(annProspecting.lost()).isEqualTo(1);
        assertThat(annProspecting.conversionRate()).isEqualTo(0.5);
        assertThat(annProspecting.winRate()).isEqualTo(0.5);
        assertThat(annProspecting.medianDaysInStage()).isCloseTo(4.0, within(1e-9));
        assertThat(annProspecting.p90DaysInStage()).isCloseTo(5.6, within(1e-9));
        assertThat(stats(byRep.get("ann"), "qualification").conversionRate()).isEqualTo(1.0);

        StageStats allProspecting = stats(byGroup(all, v -> "all", null, null).get("all"), "prospecting");
        assertThat(allProspecting.entered()).isEqualTo(4);
        assertThat(allProspecting.conversionRate()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(allProspecting.winRate()).isEqualTo(0.5);
        assertThat(stats(byRep.get("bob"), "development").entered()).isZero();
        assertThat(stats(byRep.get("bob"), "development").conversionRate()).isNull();
    }

    @Test
    void thePeriodFiltersByTheTimeTheStageWasEntered() {
        List<StageVisit> all = new ArrayList<>(visits(day(100), opened(0, "prospecting", "ann"),
                moved(20, "prospecting", "qualification")));
        Map<String, List<StageStats>> january = byGroup(all, v -> "all", day(0), day(10));
        assertThat(stats(january.get("all"), "prospecting").entered()).isEqualTo(1);
        assertThat(stats(january.get("all"), "qualification").entered()).isZero();
    }

    @Test
    void cycleTimeRunsFromTheOpeningToTheWinForTheOwnerOfTheWinningStageAndIntervalsSplitByEntryPeriod() {
        List<StageVisit> all = new ArrayList<>();
        all.addAll(visits(day(100), opened(0, "prospecting", "ann"), moved(2, "prospecting", "closing"),
                won(10, "closing")));
        all.addAll(visits(day(100), opened(40, "prospecting", "ann"), moved(41, "prospecting", "closing"),
                won(44, "closing")));
        List<ConversionMetrics.GroupStats> months = ConversionMetrics.byGroup(all, v -> "all",
                BusinessPeriod.Granularity.MONTH, PROCESS, null, null);
        // day(0) and day(40) fall in different months: one group entry per month of entry
        assertThat(months).extracting(ConversionMetrics.GroupStats::period).doesNotContainNull().hasSize(2);
        List<ConversionMetrics.GroupStats> whole = ConversionMetrics.byGroup(all, v -> "all", null, PROCESS, null,
                null);
        assertThat(whole).hasSize(1);
        assertThat(whole.get(0).period()).isNull();
        assertThat(whole.get(0).wonDeals()).isEqualTo(2);
        assertThat(whole.get(0).medianCycleDays()).isCloseTo(7.0, within(1e-9)); // 10 and 4 days
    }

    static Map<String, List<StageStats>> byGroup(List<StageVisit> visits, Function<StageVisit, String> group,
                                                 Instant from, Instant to) {
        Map<String, List<StageStats>> result = new TreeMap<>();
        ConversionMetrics.byGroup(visits, group, null, PROCESS, from, to)
                .forEach(g -> result.put(g.group(), g.stages()));
        return result;
    }

    private static StageStats stats(List<StageStats> stages, String stage) {
        return stages.stream().filter(s -> s.stage().equals(StageId.of(stage))).findFirst().orElseThrow();
    }
}
