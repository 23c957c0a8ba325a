package io.pipelineledger.events.process;

import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.StageId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.pipelineledger.events.EvidenceKind.BUYER_ACTION;
import static io.pipelineledger.events.EvidenceKind.DOCUMENT;
import static io.pipelineledger.events.EvidenceKind.SELLER_ASSERTION;
import static io.pipelineledger.events.EvidenceKind.SYSTEM_RECORD;
import static org.assertj.core.api.Assertions.assertThat;

class SalesProcessTest {

    /**
     * lead(0): lead-qualified, lead-scored (optional) | demo(1): demo-held | trial(2): no criteria |
     * offer(3): offer-sent, offer-accepted | live(4, after win): go-live
     */
    private static final SalesProcess PROCESS = new SalesProcess(List.of(
            stage("lead", false, required("lead-qualified"), optional("lead-scored")),
            stage("demo", false, required("demo-held")),
            stage("trial", false),
            stage("offer", false, required("offer-sent"), required("offer-accepted")),
            stage("live", true, required("go-live"))),
            Enforcement.REJECT);

    @Nested
    class Lookups {

        @Test
        void indexOfIsThePositionOrMinusOne() {
            assertThat(PROCESS.indexOf(StageId.of("lead"))).isZero();
            assertThat(PROCESS.indexOf(StageId.of("offer"))).isEqualTo(3);
            assertThat(PROCESS.indexOf(StageId.of("nowhere"))).isEqualTo(-1);
        }

        @Test
        void stageFindsTheDefinition() {
            assertThat(PROCESS.stage(StageId.of("demo"))).get().extracting(StageDefinition::name).isEqualTo("demo");
            assertThat(PROCESS.stage(StageId.of("nowhere"))).isEmpty();
        }

        @Test
        void wonStageIsTheFirstAfterWinStage() {
            assertThat(PROCESS.wonStage()).get().extracting(StageDefinition::id).isEqualTo(StageId.of("live"));
            assertThat(new SalesProcess(PROCESS.stages().subList(0, 4), null).wonStage()).isEmpty();
        }

        @Test
        void stageOfMilestoneIsTheStageTheCriterionGuards() {
            assertThat(PROCESS.stageOfMilestone(MilestoneId.of("offer-accepted"))).get()
                    .extracting(StageDefinition::id).isEqualTo(StageId.of("offer"));
            // optional criteria belong to their stage too
            assertThat(PROCESS.stageOfMilestone(MilestoneId.of("lead-scored"))).get()
                    .extracting(StageDefinition::id).isEqualTo(StageId.of("lead"));
            assertThat(PROCESS.stageOfMilestone(MilestoneId.of("unknown"))).isEmpty();
        }

        @Test
        void criterionFindsItInAnyStage() {
            assertThat(PROCESS.criterion(MilestoneId.of("go-live"))).get()
                    .extracting(ExitCriterion::required).isEqualTo(true);
            assertThat(PROCESS.criterion(MilestoneId.of("lead-scored"))).get()
                    .extracting(ExitCriterion::required).isEqualTo(false);
            assertThat(PROCESS.criterion(MilestoneId.of("unknown"))).isEmpty();
        }
    }

    @Nested
    class Moves {

        @Test
        void stagesBetweenAreStrictlyBetween() {
            assertThat(PROCESS.stagesBetween(0, 1)).isEmpty();
            assertThat(PROCESS.stagesBetween(0, 3)).containsExactly(StageId.of("demo"), StageId.of("trial"));
            assertThat(PROCESS.stagesBetween(1, 4)).containsExactly(StageId.of("trial"), StageId.of("offer"));
        }

        @Test
        void advancingLeavesTheRequiredCriteriaOfTheStageLeftOnly() {
            assertThat(ids(PROCESS.requiredCriteriaLeaving(0, 1))).containsExactly("lead-qualified");
        }

        @Test
        void skippingAlsoLeavesTheSkippedStagesCriteria() {
            assertThat(ids(PROCESS.requiredCriteriaLeaving(0, 4)))
                    .containsExactly("lead-qualified", "demo-held", "offer-sent", "offer-accepted");
            assertThat(ids(PROCESS.requiredCriteriaLeaving(1, 4)))
                    .containsExactly("demo-held", "offer-sent", "offer-accepted");
        }

        @Test
        void optionalCriteriaNeverGuardAMove() {
            assertThat(ids(PROCESS.requiredCriteriaLeaving(0, 5))).doesNotContain("lead-scored");
        }

        @Test
        void stagesWithoutCriteriaOrNoMoveGuardNothing() {
            assertThat(PROCESS.requiredCriteriaLeaving(2, 3)).isEmpty();
            assertThat(PROCESS.requiredCriteriaLeaving(3, 3)).isEmpty();
            assertThat(PROCESS.requiredCriteriaLeaving(3, 1)).isEmpty();
        }

        /** A win with no after-win stage moves past the last stage: its index may be the stage count. */
        @Test
        void criteriaLeavingClampToTheProcess() {
            assertThat(ids(PROCESS.requiredCriteriaLeaving(-1, 1))).containsExactly("lead-qualified");
            assertThat(ids(PROCESS.requiredCriteriaLeaving(3, 99)))
                    .containsExactly("offer-sent", "offer-accepted", "go-live");
        }
    }

    @Nested
    class Construction {

        @Test
        void defaultsToRecordAndNoStages() {
            SalesProcess empty = new SalesProcess(null, null);

            assertThat(empty.stages()).isEmpty();
            assertThat(empty.enforcement()).isEqualTo(Enforcement.RECORD);
        }

        /** Process versions are immutable history: changing the caller's list must not change a recorded version. */
        @Test
        void copiesTheStages() {
            List<StageDefinition> stages = new ArrayList<>(PROCESS.stages());
            SalesProcess process = new SalesProcess(stages, null);

            stages.clear();

            assertThat(process.stages()).hasSize(5);
        }
    }

    @Nested
    class Default {

        private final SalesProcess process = DefaultSalesProcess.get();

        @Test
        void hasTheSevenStagesInOrder() {
            assertThat(process.stages()).extracting(s -> s.id().value()).containsExactly("prospecting",
                    "qualification", "development", "presentation", "discussion", "closing", "account-management");
            assertThat(process.enforcement()).isEqualTo(Enforcement.RECORD);
        }

        @Test
        void onlyAccountManagementIsAfterWin() {
            List<StageDefinition> stages = process.stages();

            assertThat(stages.subList(0, 6)).noneMatch(StageDefinition::afterWin);
            assertThat(stages.get(6).afterWin()).isTrue();
            assertThat(process.wonStage()).get().isEqualTo(stages.get(6));
        }

        @Test
        void probabilitiesStrictlyIncreaseUpToCertainty() {
            List<StageDefinition> stages = process.stages();

            assertThat(stages.get(0).probability()).isGreaterThan(0.0);
            for (int i = 1; i < stages.size(); i++) {
                assertThat(stages.get(i).probability()).as(stages.get(i).id().value())
                        .isGreaterThan(stages.get(i - 1).probability());
            }
            assertThat(stages.get(6).probability()).isEqualTo(1.0);
        }

        @Test
        void milestoneIdsAreUnique() {
            List<MilestoneId> all = process.stages().stream().flatMap(s -> s.exitCriteria().stream())
                    .map(ExitCriterion::id).toList();

            assertThat(new HashSet<>(all)).hasSameSizeAs(all);
        }

        @Test
        void everyStageHasARequiredCriterion() {
            assertThat(process.stages()).allMatch(s -> s.exitCriteria().stream().anyMatch(ExitCriterion::required));
        }

        /** A required criterion the rep can tick off alone would measure feelings, not the buyer. */
        @Test
        void everyRequiredCriterionIsBuyerVerified() {
            List<ExitCriterion> required = process.stages().stream().flatMap(s -> s.exitCriteria().stream())
                    .filter(ExitCriterion::required).toList();

            assertThat(required).isNotEmpty().allSatisfy(c -> {
                assertThat(c.evidence()).as(c.id().value()).isNotEqualTo(SELLER_ASSERTION);
                assertThat(SELLER_ASSERTION.satisfies(c.evidence())).as(c.id().value()).isFalse();
            });
        }

        /** The process aggregate compares definitions by value: the default must equal itself across calls. */
        @Test
        void isAValue() {
            assertThat(DefaultSalesProcess.get()).isEqualTo(process).isNotSameAs(process);
        }
    }

    @Nested
    class EvidenceSemantics {

        private final Set<EvidenceKind> buyerVerified = EnumSet.of(BUYER_ACTION, DOCUMENT, SYSTEM_RECORD);

        @Test
        void sellersWordSatisfiesOnlyACriterionAskingForNoMore() {
            assertThat(SELLER_ASSERTION.satisfies(SELLER_ASSERTION)).isTrue();
            for (EvidenceKind required : buyerVerified) {
                assertThat(SELLER_ASSERTION.satisfies(required)).as(required.name()).isFalse();
            }
        }

        /** Buyer-verified kinds are interchangeable: a signed document proves as much as a buyer action. */
        @Test
        void anyBuyerVerifiedEvidenceSatisfiesAnyCriterion() {
            for (EvidenceKind given : buyerVerified) {
                for (EvidenceKind required : EvidenceKind.values()) {
                    assertThat(given.satisfies(required)).as(given + " for " + required).isTrue();
                }
            }
        }

        @Test
        void buyerVerifiedIsEverythingButTheSellersWord() {
            assertThat(EnumSet.complementOf(EnumSet.copyOf(buyerVerified))).containsExactly(SELLER_ASSERTION);
        }
    }

    // --- helpers

    private static StageDefinition stage(String id, boolean afterWin, ExitCriterion... criteria) {
        return new StageDefinition(StageId.of(id), id, 0.5, afterWin, List.of(criteria));
    }

    private static ExitCriterion required(String id) {
        return new ExitCriterion(MilestoneId.of(id), id, true, BUYER_ACTION, "sales");
    }

    private static ExitCriterion optional(String id) {
        return new ExitCriterion(MilestoneId.of(id), id, false, SELLER_ASSERTION, "sales");
    }

    private static List<String> ids(List<ExitCriterion> criteria) {
        return criteria.stream().map(c -> c.id().value()).toList();
    }
}
