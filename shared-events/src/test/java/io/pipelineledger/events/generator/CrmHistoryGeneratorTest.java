package io.pipelineledger.events.generator;

import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.ids.StageId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CrmHistoryGeneratorTest {

    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    private static final CrmHistoryGenerator.History HISTORY =
            new CrmHistoryGenerator().generate(CrmHistoryGenerator.Settings.twoYears(7, END));

    @Test
    void theSameSeedGivesTheSameHistory() {
        CrmHistoryGenerator.History again =
                new CrmHistoryGenerator().generate(CrmHistoryGenerator.Settings.twoYears(7, END));
        assertThat(again.events()).isEqualTo(HISTORY.events());
        assertThat(new CrmHistoryGenerator().generate(CrmHistoryGenerator.Settings.twoYears(8, END)).events())
                .isNotEqualTo(HISTORY.events());
    }

    @Test
    void fortyRepsInThreeRegionsOpenThousandsOfDealsOverTwoYears() {
        assertThat(HISTORY.reps()).hasSize(40);
        assertThat(HISTORY.reps().stream().map(CrmHistoryGenerator.Rep::regionId).distinct()).hasSize(3);
        assertThat(count("OpportunityOpened")).isBetween(2_000L, 4_500L);
        Instant start = END.minusSeconds(730L * 86_400);
        assertThat(HISTORY.events()).allSatisfy(e -> assertThat(e.occurredAt()).isBetween(start, END));
        assertThat(HISTORY.events().stream().map(CrmEvent::eventId).distinct().count())
                .isEqualTo(HISTORY.events().size());
    }

    @Test
    void everyDealIsOpenedBeforeAnythingElseIsDelivered() {
        Set<String> opened = new HashSet<>();
        for (CrmEvent event : HISTORY.events()) {
            if (event.type().equals("OpportunityOpened")) {
                assertThat(opened.add(event.opportunityId())).isTrue();
            } else {
                assertThat(opened).contains(event.opportunityId());
            }
        }
    }

    @Test
    void aShareOfFactsArrivesLateButClosingIsAlwaysTheLatestFactDelivered() {
        Map<String, Instant> latest = new HashMap<>();
        long late = 0;
        for (CrmEvent event : HISTORY.events()) {
            Instant before = latest.get(event.opportunityId());
            if (before != null && event.occurredAt().isBefore(before)) {
                late++;
                assertThat(event.type()).isIn("MilestoneAchieved", "AmountRevised", "CloseDateRevised",
                        "ForecastCategorySet");
            }
            if (List.of("OpportunityWon", "OpportunityLost", "OpportunityReopened").contains(event.type())) {
                assertThat(before == null || !event.occurredAt().isBefore(before)).isTrue();
            }
            latest.merge(event.opportunityId(), event.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
        }
        assertThat(late).isGreaterThan(HISTORY.events().size() / 200);
    }

    @Test
    void historiesHaveSkipsBackwardMovesReassignmentsAndReopenedDeals() {
        SalesProcess process = DefaultSalesProcess.get();
        Map<String, Integer> stage = new HashMap<>();
        long skips = 0;
        long backward = 0;
        for (CrmEvent event : HISTORY.events()) {
            switch (event.type()) {
                case "OpportunityOpened", "OpportunityReopened" -> stage.put(event.opportunityId(),
                        process.indexOf(StageId.of((String) event.fields().get("stage"))));
                case "StageChanged" -> {
                    int to = process.indexOf(StageId.of((String) event.fields().get("toStage")));
                    int from = stage.put(event.opportunityId(), to);
                    skips += to > from + 1 ? 1 : 0;
                    backward += to < from ? 1 : 0;
                }
                default -> { }
            }
        }
        assertThat(skips).isGreaterThan(50);
        assertThat(backward).isGreaterThan(50);
        assertThat(count("OwnerReassigned")).isGreaterThan(50);
        assertThat(count("OpportunityReopened")).isPositive();
        assertThat(count("OpportunityWon")).isGreaterThan(200);
    }

    @Test
    void skilledRepsWinMoreOfTheirClosedDeals() {
        Map<String, String> firstOwner = HISTORY.events().stream()
                .filter(e -> e.type().equals("OpportunityOpened"))
                .collect(Collectors.toMap(CrmEvent::opportunityId, e -> (String) e.fields().get("repId")));
        Map<String, double[]> wonLost = new HashMap<>();
        Set<String> reassigned = HISTORY.events().stream().filter(e -> e.type().equals("OwnerReassigned"))
                .map(CrmEvent::opportunityId).collect(Collectors.toSet());
        for (CrmEvent event : HISTORY.events()) {
            if (reassigned.contains(event.opportunityId())) {
                continue;
            }
            int outcome = event.type().equals("OpportunityWon") ? 0 : event.type().equals("OpportunityLost") ? 1 : -1;
            if (outcome >= 0) {
                wonLost.computeIfAbsent(firstOwner.get(event.opportunityId()), k -> new double[2])[outcome]++;
            }
        }
        List<CrmHistoryGenerator.Rep> bySkill = HISTORY.reps().stream()
                .sorted(Comparator.comparingDouble(CrmHistoryGenerator.Rep::skill)).toList();
        assertThat(winRate(bySkill.subList(30, 40), wonLost)).isGreaterThan(winRate(bySkill.subList(0, 10), wonLost)
                + 0.1);
    }

    private static double winRate(List<CrmHistoryGenerator.Rep> reps, Map<String, double[]> wonLost) {
        double won = 0;
        double closed = 0;
        for (CrmHistoryGenerator.Rep rep : reps) {
            double[] counts = wonLost.getOrDefault(rep.id(), new double[2]);
            won += counts[0];
            closed += counts[0] + counts[1];
        }
        return won / closed;
    }

    private static long count(String type) {
        return HISTORY.events().stream().filter(e -> e.type().equals(type)).count();
    }
}
