package io.pipelineledger.query.metrics;

import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.process.Enforcement;
import io.pipelineledger.events.process.ExitCriterion;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.pipelineledger.query.metrics.StageVisitsTest.OPP;
import static io.pipelineledger.query.metrics.StageVisitsTest.day;
import static io.pipelineledger.query.metrics.StageVisitsTest.milestone;
import static io.pipelineledger.query.metrics.StageVisitsTest.moved;
import static io.pipelineledger.query.metrics.StageVisitsTest.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcessMaturityTest {

    /** a (needs ma) → b (needs mb) → c (needs mc) → won. */
    private static final SalesProcess SMALL = new SalesProcess(List.of(
            stage("a", false, "ma"), stage("b", false, "mb"), stage("c", false, "mc"), stage("won", true)),
            Enforcement.RECORD);

    private static StageDefinition stage(String id, boolean afterWin, String... criteria) {
        return new StageDefinition(StageId.of(id), id, 0.5, afterWin, Arrays.stream(criteria)
                .map(c -> new ExitCriterion(MilestoneId.of(c), c, true, EvidenceKind.BUYER_ACTION, "sales")).toList());
    }

    /** A deal that meets every criterion before moving on, or skips b without any milestone. */
    private static List<StageVisit> deal(String rep, boolean disciplined, boolean wins) {
        List<OpportunityEvent> facts = new ArrayList<>(List.of(opened(0, "a", rep)));
        if (disciplined) {
            facts.addAll(List.of(milestone(1, "ma", true), moved(2, "a", "b"), milestone(3, "mb", true),
                    moved(4, "b", "c"), milestone(5, "mc", true)));
        } else {
            facts.add(moved(2, "a", "c"));
        }
        facts.add(wins ? new OpportunityWonEvent("w", OPP, day(9), Money.of("10", "USD"), StageId.of("c"),
                StageId.of("won"), List.of(), List.of())
                : new OpportunityLostEvent("l", OPP, day(9), null, StageId.of("c")));
        return StageVisits.asOf(facts, day(100), SMALL);
    }

    private static List<StageVisit> org(boolean disciplined) {
        List<StageVisit> visits = new ArrayList<>();
        for (String rep : List.of("ann", "bob", "cyd", "dan")) {
            for (int i = 0; i < 10; i++) {
                visits.addAll(deal(rep, disciplined, i % 2 == 0));
            }
        }
        return visits;
    }

    @Test
    void aTeamThatMeetsEveryCriterionAndNeverSkipsRunsADynamicProcess() {
        ProcessMaturity.Assessment assessment = ProcessMaturity.assess(org(true), SMALL);
        assertThat(assessment.level()).isEqualTo(4);
        assertThat(assessment.name()).isEqualTo("Dynamic process");
        assertThat(assessment.evidence().adherence()).isEqualTo(1.0);
        assertThat(assessment.evidence().skipRate()).isEqualTo(0.0);
        assertThat(assessment.evidence().winRateSpread()).isCloseTo(0.0, within(1e-9));
        assertThat(assessment.evidence().repsFollowingProcess()).isEqualTo(1.0);
        assertThat(assessment.checks()).allMatch(ProcessMaturity.Check::met);
    }

    @Test
    void skippingWithoutMilestonesIsAnarchyAndTheFailedChecksSayWhy() {
        ProcessMaturity.Assessment assessment = ProcessMaturity.assess(org(false), SMALL);
        assertThat(assessment.level()).isEqualTo(1);
        // forward moves: every deal's a→c (a skip, ma and mb unmet), the winners' c→won (mc unmet)
        assertThat(assessment.evidence().skipRate()).isCloseTo(40.0 / 60, within(1e-12));
        assertThat(assessment.evidence().adherence()).isEqualTo(0.0);
        assertThat(assessment.checks()).filteredOn(c -> c.level() == 3 && c.measure().equals("skipRate"))
                .singleElement().satisfies(c -> assertThat(c.met()).isFalse());
        assertThat(assessment.checks()).filteredOn(c -> c.level() == 2).noneMatch(ProcessMaturity.Check::met);
    }

    @Test
    void aMixedTeamStopsAtTheFirstLevelWhoseThresholdsFail() {
        List<StageVisit> visits = new ArrayList<>();
        for (String rep : List.of("ann", "bob", "cyd")) {
            for (int i = 0; i < 10; i++) {
                visits.addAll(deal(rep, true, i % 2 == 0));
            }
        }
        for (int i = 0; i < 10; i++) {
            visits.addAll(deal("eve", i < 3, i % 2 == 0)); // eve skips 7 deals of 10
        }
        ProcessMaturity.Assessment assessment = ProcessMaturity.assess(visits, SMALL);
        assertThat(assessment.evidence().repsFollowingProcess()).isEqualTo(0.75);
        assertThat(assessment.level()).isEqualTo(3);
    }
}
