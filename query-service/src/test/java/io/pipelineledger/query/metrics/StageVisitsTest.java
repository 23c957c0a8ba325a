package io.pipelineledger.query.metrics;

import io.pipelineledger.events.Evidence;
import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.MilestoneAchievedEvent;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityReopenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.OwnerReassignedEvent;
import io.pipelineledger.events.StageChangeKind;
import io.pipelineledger.events.StageChangedEvent;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.SalesProcess;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.pipelineledger.query.metrics.StageVisit.Exit.ADVANCED;
import static io.pipelineledger.query.metrics.StageVisit.Exit.LOST;
import static io.pipelineledger.query.metrics.StageVisit.Exit.MOVED_BACKWARD;
import static io.pipelineledger.query.metrics.StageVisit.Exit.SKIPPED;
import static io.pipelineledger.query.metrics.StageVisit.Exit.WON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class StageVisitsTest {

    static final SalesProcess PROCESS = DefaultSalesProcess.get();
    static final OpportunityId OPP = OpportunityId.of("OPP-1");

    static Instant day(int d) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(86_400L * d);
    }

    static OpportunityOpenedEvent opened(int d, String stage, String rep) {
        return new OpportunityOpenedEvent("o", OPP, day(d), RepId.of(rep), TeamId.of("team-" + rep),
                RegionId.of("emea"), null, StageId.of(stage), Money.of("1000", "USD"), null, null, 1);
    }

    static StageChangedEvent moved(int d, String from, String to) {
        return new StageChangedEvent("m" + d, OPP, day(d), StageId.of(from), StageId.of(to),
                StageChangeKind.ADVANCED, List.of(), List.of());
    }

    static OpportunityWonEvent won(int d, String from) {
        return new OpportunityWonEvent("w", OPP, day(d), Money.of("1000", "USD"), StageId.of(from),
                StageId.of("account-management"), List.of(), List.of());
    }

    static OpportunityLostEvent lost(int d, String at) {
        return new OpportunityLostEvent("l" + d, OPP, day(d), "no budget", StageId.of(at));
    }

    static List<StageVisit> visits(Instant asOf, OpportunityEvent... facts) {
        return StageVisits.asOf(List.of(facts), asOf, PROCESS);
    }

    @Test
    void aWonDealsVisitsAllEndWonWithTheirExitsClassifiedByStageOrder() {
        List<StageVisit> visits = visits(day(100), opened(0, "prospecting", "ann"), moved(3, "prospecting",
                "development"), moved(10, "development", "qualification"), moved(12, "qualification", "closing"),
                won(20, "closing"));
        assertThat(visits).extracting(v -> v.stage().value(), StageVisit::exit).containsExactly(
                tuple("prospecting", SKIPPED),
                tuple("development", MOVED_BACKWARD),
                tuple("qualification", SKIPPED),
                tuple("closing", WON),
                tuple("account-management", null));
        assertThat(visits).allMatch(v -> v.outcome() == StageVisit.Outcome.WON);
        assertThat(visits.get(0).daysInStage()).isEqualTo(3.0);
    }

    @Test
    void asOfAnEarlierTimeTheDealWasStillOpenInTheStageItWasInThen() {
        List<StageVisit> visits = visits(day(11), opened(0, "prospecting", "ann"),
                moved(3, "prospecting", "qualification"), moved(10, "qualification", "development"),
                lost(15, "development"));
        assertThat(visits).extracting(v -> v.stage().value()).containsExactly("prospecting", "qualification",
                "development");
        assertThat(visits.get(2).exited()).isFalse();
        assertThat(visits).allMatch(v -> v.outcome() == StageVisit.Outcome.OPEN);
        assertThat(visits.get(1).exit()).isEqualTo(ADVANCED);
    }

    @Test
    void factsArrivingLateArePlacedAtTheirBusinessTime() {
        // the stage change at day 5 arrived after the loss at day 9
        List<StageVisit> visits = visits(day(100), opened(0, "prospecting", "ann"), lost(9, "prospecting"),
                moved(5, "prospecting", "qualification"));
        assertThat(visits).extracting(v -> v.stage().value(), StageVisit::exit).containsExactly(
                tuple("prospecting", ADVANCED),
                tuple("qualification", LOST));
    }

    static MilestoneAchievedEvent milestone(int d, String id, boolean verified) {
        return new MilestoneAchievedEvent("ms-" + id, OPP, day(d), MilestoneId.of(id), StageId.of("prospecting"),
                new Evidence(EvidenceKind.BUYER_ACTION, null, null), "ann", verified);
    }

    @Test
    void forwardExitsCountTheRequiredCriteriaLeftUnmetByBusinessTime() {
        // prospecting requires first-meeting-accepted; qualification pain, budget and decision process
        List<StageVisit> visits = visits(day(100), opened(0, "prospecting", "ann"),
                moved(3, "prospecting", "qualification"), moved(8, "qualification", "presentation"),
                milestone(2, "first-meeting-accepted", true), // arrived late, happened before the move
                milestone(5, "pain-confirmed", true), milestone(6, "budget-confirmed", false));
        assertThat(visits).extracting(StageVisit::unmetRequired).containsExactly(0, 4, null);
        // qualification left unmet: budget (only the seller's word) and decision process; development skipped: 2
    }

    @Test
    void aReassignmentMovesLaterVisitsToTheNewOwnerOnly() {
        List<StageVisit> visits = visits(day(100), opened(0, "prospecting", "ann"),
                new OwnerReassignedEvent("r", OPP, day(2), RepId.of("ann"), RepId.of("bob"), TeamId.of("team-bob"),
                        RegionId.of("emea")),
                moved(4, "prospecting", "qualification"));
        assertThat(visits).extracting(v -> v.rep().value()).containsExactly("ann", "bob");
        assertThat(visits.get(1).team().value()).isEqualTo("team-bob");
    }

    @Test
    void aReopenedDealStartsANewRunWhoseOutcomeIsItsOwn() {
        List<StageVisit> visits = visits(day(100), opened(0, "discussion", "ann"), lost(5, "discussion"),
                new OpportunityReopenedEvent("re", OPP, day(20), StageId.of("discussion"), StageId.of("discussion"),
                        false),
                moved(25, "discussion", "closing"), won(30, "closing"));
        assertThat(visits).extracting(StageVisit::outcome).containsExactly(StageVisit.Outcome.LOST,
                StageVisit.Outcome.WON, StageVisit.Outcome.WON, StageVisit.Outcome.WON);
    }
}
