package io.pipelineledger.command.opportunity;

import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.StageChangeKind;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.process.Enforcement;
import io.pipelineledger.events.process.ExitCriterion;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Classification on a small process: a(m1, optional o1) → b(m2) → c(m3) → won. */
class StageMoveTest {

    private static final SalesProcess PROCESS = new SalesProcess(List.of(
            new StageDefinition(StageId.of("a"), "A", 0.1, false, List.of(required("m1"), optional("o1"))),
            new StageDefinition(StageId.of("b"), "B", 0.4, false, List.of(required("m2"))),
            new StageDefinition(StageId.of("c"), "C", 0.8, false, List.of(required("m3"))),
            new StageDefinition(StageId.of("won"), "Won", 1.0, true, List.of(required("m4")))),
            Enforcement.RECORD);

    @Test
    void toTheNextStageIsAnAdvanceGuardedByTheCriteriaOfTheStageLeft() {
        assertThat(StageMove.between(PROCESS, 0, 1, none()))
                .isEqualTo(new StageMove(StageChangeKind.ADVANCED, List.of(), milestones("m1")));
    }

    @Test
    void metAndOptionalCriteriaAreNotUnmet() {
        assertThat(StageMove.between(PROCESS, 0, 1, met("m1")))
                .isEqualTo(new StageMove(StageChangeKind.ADVANCED, List.of(), List.of()));
    }

    @Test
    void pastStagesIsASkipGuardedByTheCriteriaOfEveryStageLeftBehind() {
        assertThat(StageMove.between(PROCESS, 0, 3, met("m2")))
                .isEqualTo(new StageMove(StageChangeKind.SKIPPED, List.of(StageId.of("b"), StageId.of("c")),
                        milestones("m1", "m3")));
    }

    @Test
    void theCriteriaOfTheTargetStageDoNotGuardTheMove() {
        assertThat(StageMove.between(PROCESS, 1, 2, met("m2")).unmetExitCriteria()).isEmpty();
    }

    @Test
    void backwardHasNothingToSkipOrMeet() {
        assertThat(StageMove.between(PROCESS, 2, 0, none()))
                .isEqualTo(new StageMove(StageChangeKind.MOVED_BACKWARD, List.of(), List.of()));
    }

    @Test
    void pastTheEndOfAProcessWithoutAnAfterWinStageSkipsTheRemainingStages() {
        SalesProcess noAfterWin = new SalesProcess(PROCESS.stages().subList(0, 3), Enforcement.RECORD);
        assertThat(StageMove.between(noAfterWin, 1, 3, none()))
                .isEqualTo(new StageMove(StageChangeKind.SKIPPED, List.of(StageId.of("c")), milestones("m2", "m3")));
    }

    private static Predicate<MilestoneId> none() {
        return milestone -> false;
    }

    private static Predicate<MilestoneId> met(String... ids) {
        Set<MilestoneId> met = Set.copyOf(milestones(ids));
        return met::contains;
    }

    private static List<MilestoneId> milestones(String... ids) {
        return Arrays.stream(ids).map(MilestoneId::of).toList();
    }

    private static ExitCriterion required(String id) {
        return new ExitCriterion(MilestoneId.of(id), id, true, EvidenceKind.BUYER_ACTION, "sales");
    }

    private static ExitCriterion optional(String id) {
        return new ExitCriterion(MilestoneId.of(id), id, false, EvidenceKind.BUYER_ACTION, "sales");
    }
}
