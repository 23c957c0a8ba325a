package io.pipelineledger.query.metrics;

import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.ids.TeamId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.pipelineledger.query.metrics.StageVisitsTest.PROCESS;
import static io.pipelineledger.query.metrics.StageVisitsTest.day;
import static io.pipelineledger.query.metrics.StageVisitsTest.lost;
import static io.pipelineledger.query.metrics.StageVisitsTest.milestone;
import static io.pipelineledger.query.metrics.StageVisitsTest.moved;
import static io.pipelineledger.query.metrics.StageVisitsTest.opened;
import static io.pipelineledger.query.metrics.StageVisitsTest.visits;
import static io.pipelineledger.query.metrics.StageVisitsTest.won;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScorecardTest {

    /** Reps of one team ("team-x"): lucky wins 3 of 3 closing deals; steady 20 of 50; lean 10 of 40. */
    private static List<StageVisit> team() {
        List<StageVisit> all = new ArrayList<>();
        addDeals(all, "lucky", 3, 3);
        addDeals(all, "steady", 20, 50);
        addDeals(all, "lean", 10, 40);
        return all;
    }

    private static void addDeals(List<StageVisit> all, String rep, int won, int total) {
        for (int i = 0; i < total; i++) {
            var opened = opened(0, "closing", rep);
            var teamOpened = new OpportunityOpenedEvent(opened.eventId(),
                    opened.opportunityId(), opened.occurredAt(), opened.repId(),
                    TeamId.of("team-x"), opened.regionId(), null, opened.stage(),
                    opened.amount(), null, null, 1);
            all.addAll(visits(day(100), teamOpened, i < won ? won(10, "closing") : lost(10, "closing")));
        }
    }

    @Test
    void aLuckyRepIsShrunkTowardTheTeamAndRanksBelowTheRawOrder() {
        List<StageVisit> visits = team();
        Scorecard.Card lucky = Scorecard.of("lucky", visits, PROCESS);
        Scorecard.Card steady = Scorecard.of("steady", visits, PROCESS);
        Scorecard.StageScore luckyClosing = closing(lucky);
        assertThat(luckyClosing.winRate()).isEqualTo(1.0);
        assertThat(luckyClosing.winRateShrunk()).isLessThan(0.8).isGreaterThan(luckyClosing.teamWinRate());
        assertThat(luckyClosing.teamWinRate()).isCloseTo(33.0 / 93, within(1e-9));
        assertThat(closing(steady).winRateShrunk()).isCloseTo(0.4, within(0.05));
        assertThat(lucky.team()).isEqualTo("team-x");
        assertThat(lucky.winRateGap()).isCloseTo(lucky.winRateShrunk() - lucky.teamWinRate(), within(1e-12));
        assertThat(lucky.habits().medianCycleDays()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void habitsCountSkipsBackwardMovesAndAdvancesWithCriteriaMet() {
        List<StageVisit> visits = new ArrayList<>(visits(day(100), opened(0, "prospecting", "ann"),
                milestone(1, "first-meeting-accepted", true),
                moved(2, "prospecting", "qualification"),      // advanced, criteria met
                moved(4, "qualification", "presentation"),     // skipped development, criteria unmet
                moved(6, "presentation", "development"),       // backward
                moved(8, "development", "discussion"),         // skipped presentation
                won(12, "discussion")));                       // won from discussion: skipped closing
        Scorecard.Habits habits = Scorecard.habits(visits, PROCESS);
        assertThat(habits.forwardMoves()).isEqualTo(4);
        assertThat(habits.skips()).isEqualTo(3);
        assertThat(habits.skipRate()).isEqualTo(0.75);
        assertThat(habits.backwardMoves()).isEqualTo(1);
        assertThat(habits.judgedAdvances()).isEqualTo(4);
        assertThat(habits.advancesWithCriteriaMet()).isEqualTo(1);
        assertThat(habits.adherence()).isEqualTo(0.25);
        assertThat(habits.medianCycleDays()).isCloseTo(12.0, within(1e-9));
    }

    @Test
    void aRepWithoutVisitsHasNoCard() {
        assertThat(Scorecard.of("nobody", team(), PROCESS)).isNull();
    }

    private static Scorecard.StageScore closing(Scorecard.Card card) {
        return card.stages().stream().filter(s -> s.stage().value().equals("closing")).findFirst().orElseThrow();
    }
}
