package io.pipelineledger.command.opportunity;

import io.pipelineledger.command.api.ChangeStageCommand;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.LoseOpportunityCommand;
import io.pipelineledger.command.api.OpenOpportunityCommand;
import io.pipelineledger.command.api.OpportunityCommand;
import io.pipelineledger.command.api.ReassignOwnerCommand;
import io.pipelineledger.command.api.RecordMilestoneCommand;
import io.pipelineledger.command.api.ReopenOpportunityCommand;
import io.pipelineledger.command.api.ReviseAmountCommand;
import io.pipelineledger.command.api.ReviseCloseDateCommand;
import io.pipelineledger.command.api.SetForecastCategoryCommand;
import io.pipelineledger.command.api.WinOpportunityCommand;
import io.pipelineledger.command.process.FixedProcessCatalog;
import io.pipelineledger.events.AmountRevisedEvent;
import io.pipelineledger.events.CloseDateRevisedEvent;
import io.pipelineledger.events.Evidence;
import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.ForecastCategory;
import io.pipelineledger.events.ForecastCategorySetEvent;
import io.pipelineledger.events.MilestoneAchievedEvent;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityReopenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.OwnerReassignedEvent;
import io.pipelineledger.events.StageChangeKind;
import io.pipelineledger.events.StageChangedEvent;
import io.pipelineledger.events.ids.AccountId;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.Enforcement;
import io.pipelineledger.events.process.SalesProcess;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.pipelineledger.command.process.FixedProcessCatalog.RECORDING;
import static io.pipelineledger.command.process.FixedProcessCatalog.REJECTING;
import static io.pipelineledger.events.StageChangeKind.ADVANCED;
import static io.pipelineledger.events.StageChangeKind.MOVED_BACKWARD;
import static io.pipelineledger.events.StageChangeKind.SKIPPED;

/**
 * Every command path of the opportunity aggregate, given/when/then on Axon's fixture, against the default
 * seven-stage process (version 1, RECORD) and the same stages under REJECT enforcement (version 2, current).
 */
class OpportunityAggregateTest {

    private static final SalesProcess PROCESS = DefaultSalesProcess.get();
    private static final OpportunityId OPP = OpportunityId.of("opp-1");
    /** The eventId of the command under test; given events get their own. */
    private static final String EVENT_ID = "crm-evt-under-test";
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final RepId REP = RepId.of("rep-ann");
    private static final TeamId TEAM = TeamId.of("team-east");
    private static final RegionId REGION = RegionId.of("emea");
    private static final AccountId ACCOUNT = AccountId.of("acme");
    private static final Money AMOUNT = Money.of("50000", "EUR");
    private static final LocalDate CLOSE_DATE = LocalDate.of(2026, 6, 30);
    private static final Evidence EMAIL = evidence(EvidenceKind.BUYER_ACTION);

    private FixtureConfiguration<Opportunity> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Opportunity.class);
        fixture.registerInjectableResource(FixedProcessCatalog.defaultAndRejecting());
    }

    @Nested
    class Open {

        @Test
        void opensInTheGivenStageUnderTheCurrentProcessVersion() {
            fixture.givenNoPriorActivity()
                    .when(new OpenOpportunityCommand(EVENT_ID, OPP, T0, REP, TEAM, REGION, ACCOUNT,
                            stage("qualification"), AMOUNT, CLOSE_DATE, "salesforce"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new OpportunityOpenedEvent(EVENT_ID, OPP, T0, REP, TEAM, REGION, ACCOUNT,
                            stage("qualification"), AMOUNT, CLOSE_DATE, "salesforce", REJECTING));
        }

        @Test
        void optionalFieldsMayBeAbsent() {
            fixture.givenNoPriorActivity()
                    .when(new OpenOpportunityCommand(EVENT_ID, OPP, T0, REP, null, null, null,
                            stage("prospecting"), AMOUNT, null, null))
                    .expectEvents(new OpportunityOpenedEvent(EVENT_ID, OPP, T0, REP, null, null, null,
                            stage("prospecting"), AMOUNT, null, null, REJECTING));
        }

        @Test
        void anOpportunityAlreadyInTheLedgerIsAConflict() {
            fixture.given(opened("prospecting"))
                    .when(open(T0.plusSeconds(60), "prospecting"))
                    .expectNoEvents()
                    .expectException(rejected(409, "opportunityId"));
        }

        @Test
        void anUnknownStageIsInvalid() {
            fixture.givenNoPriorActivity()
                    .when(open(T0, "negotiation"))
                    .expectNoEvents()
                    .expectException(rejected(422, "stage"));
        }

        @Test
        void anAfterWinStageIsInvalid() {
            // account-management is reached by winning, never by opening
            fixture.givenNoPriorActivity()
                    .when(open(T0, "account-management"))
                    .expectNoEvents()
                    .expectException(rejected(422, "stage"));
        }
    }

    @Nested
    class Milestone {

        @Test
        void buyerActionVerifiesABuyerActionCriterion() {
            fixture.given(opened("prospecting"))
                    .when(milestone(day(1), "first-meeting-accepted", EvidenceKind.BUYER_ACTION))
                    .expectEvents(achievedEvent(day(1), "first-meeting-accepted", EvidenceKind.BUYER_ACTION,
                            true));
        }

        @Test
        void aDocumentFromTheBuyerAlsoVerifiesABuyerActionCriterion() {
            // any inspectable buyer record counts; only the seller's word does not
            fixture.given(opened("prospecting"))
                    .when(milestone(day(1), "first-meeting-accepted", EvidenceKind.DOCUMENT))
                    .expectEvents(achievedEvent(day(1), "first-meeting-accepted", EvidenceKind.DOCUMENT, true));
        }

        @Test
        void theSellersWordAloneIsRecordedButNotVerified() {
            fixture.given(opened("prospecting"))
                    .when(milestone(day(1), "first-meeting-accepted", EvidenceKind.SELLER_ASSERTION))
                    .expectEvents(achievedEvent(day(1), "first-meeting-accepted", EvidenceKind.SELLER_ASSERTION,
                            false));
        }

        @Test
        void theSellersWordVerifiesACriterionThatAsksForNoMore() {
            // icp-fit-checked asks only for SELLER_ASSERTION
            fixture.given(opened("prospecting"))
                    .when(milestone(day(1), "icp-fit-checked", EvidenceKind.SELLER_ASSERTION))
                    .expectEvents(achievedEvent(day(1), "icp-fit-checked", EvidenceKind.SELLER_ASSERTION, true));
        }

        @Test
        void afterWinMilestonesAreRecordedWhileTheDealStandsWon() {
            // Account Management's criteria (kickoff, first payment) happen after the win, not before it
            fixture.given(opened("closing"), won(day(2), "closing"))
                    .when(milestone(day(5), "kickoff-held", EvidenceKind.BUYER_ACTION))
                    .expectEvents(new MilestoneAchievedEvent(EVENT_ID, OPP, day(5), milestoneId("kickoff-held"),
                            stage("account-management"), evidence(EvidenceKind.BUYER_ACTION), "rep-ann", true));
        }

        @Test
        void afterWinMilestonesAreRefusedForTimesTheDealWasNotWon() {
            fixture.given(opened("closing"))
                    .when(milestone(day(1), "kickoff-held", EvidenceKind.BUYER_ACTION))
                    .expectNoEvents()
                    .expectException(rejected(409, "milestoneId"));
            fixture.given(opened("closing"), lost(day(2), "closing"))
                    .when(milestone(day(3), "first-invoice-paid", EvidenceKind.SYSTEM_RECORD))
                    .expectNoEvents()
                    .expectException(rejected(409, "milestoneId"));
        }

        @Test
        void isAttributedToTheStageWhoseCriterionItIsNotTheCurrentStage() {
            fixture.given(opened("prospecting"))
                    .when(milestone(day(1), "budget-confirmed", EvidenceKind.DOCUMENT))
                    .expectEvents(new MilestoneAchievedEvent(EVENT_ID, OPP, day(1), milestoneId("budget-confirmed"),
                            stage("qualification"), evidence(EvidenceKind.DOCUMENT), "rep-ann", true));
        }

        @Test
        void anUnknownMilestoneIsInvalid() {
            fixture.given(opened("prospecting"))
                    .when(milestone(day(1), "gut-feeling", EvidenceKind.BUYER_ACTION))
                    .expectNoEvents()
                    .expectException(rejected(422, "milestoneId"));
        }

        @Test
        void aMilestoneBeforeTheOpeningIsInvalid() {
            fixture.given(opened("prospecting"))
                    .when(milestone(T0.minusSeconds(1), "first-meeting-accepted", EvidenceKind.BUYER_ACTION))
                    .expectNoEvents()
                    .expectException(rejected(422, "occurredAt"));
        }

        @Test
        void aMilestoneAtTheOpeningInstantIsAccepted() {
            fixture.given(opened("prospecting"))
                    .when(milestone(T0, "first-meeting-accepted", EvidenceKind.BUYER_ACTION))
                    .expectEvents(achievedEvent(T0, "first-meeting-accepted", EvidenceKind.BUYER_ACTION, true));
        }

        @Test
        void anOpportunityNeverOpenedIsNotFound() {
            // without events there is no aggregate to load: the ingestion writer turns this into a 404
            fixture.givenNoPriorActivity()
                    .when(milestone(day(1), "first-meeting-accepted", EvidenceKind.BUYER_ACTION))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class StageChange {

        @Test
        void toTheNextStageWithItsCriteriaMetIsAnAdvanceWithNothingUnmet() {
            // the optional icp-fit-checked is not needed
            fixture.given(opened("prospecting"), achieved(day(1), "first-meeting-accepted"))
                    .when(changeStage(day(2), "qualification"))
                    .expectEvents(stageChanged(day(2), "prospecting", "qualification", ADVANCED, List.of(),
                            List.of()));
        }

        @Test
        void toTheNextStageWithCriteriaUnmetIsAnAdvanceListingThem() {
            fixture.given(opened("qualification"), achieved(day(1), "pain-confirmed"))
                    .when(changeStage(day(2), "development"))
                    .expectEvents(stageChanged(day(2), "qualification", "development", ADVANCED, List.of(),
                            List.of("budget-confirmed", "decision-process-identified")));
        }

        @Test
        void anUnverifiedMilestoneDoesNotMeetItsCriterion() {
            fixture.given(opened("prospecting"), asserted(day(1), "first-meeting-accepted"))
                    .when(changeStage(day(2), "qualification"))
                    .expectEvents(stageChanged(day(2), "prospecting", "qualification", ADVANCED, List.of(),
                            List.of("first-meeting-accepted")));
        }

        @Test
        void aMilestoneAchievedAtTheInstantOfTheMoveCounts() {
            fixture.given(opened("prospecting"), achieved(day(2), "first-meeting-accepted"))
                    .when(changeStage(day(2), "qualification"))
                    .expectEvents(stageChanged(day(2), "prospecting", "qualification", ADVANCED, List.of(),
                            List.of()));
        }

        @Test
        void aMilestoneCountsFromItsEarliestVerifiedAchievementWhateverTheArrivalOrder() {
            // day 3 arrived first, then the backfilled day 1; a later unverified repeat changes nothing
            fixture.given(opened("prospecting"), achieved(day(3), "first-meeting-accepted"),
                            achieved(day(1), "first-meeting-accepted"), asserted(day(4), "first-meeting-accepted"))
                    .when(changeStage(day(2), "qualification"))
                    .expectEvents(stageChanged(day(2), "prospecting", "qualification", ADVANCED, List.of(),
                            List.of()));
        }

        @Test
        void pastStagesIsASkipListingThemAndTheUnmetCriteriaOfTheStageLeftAndTheSkippedOnes() {
            fixture.given(opened("prospecting"), achieved(day(1), "budget-confirmed"))
                    .when(changeStage(day(2), "presentation"))
                    .expectEvents(stageChanged(day(2), "prospecting", "presentation", SKIPPED,
                            List.of("qualification", "development"),
                            List.of("first-meeting-accepted", "pain-confirmed", "decision-process-identified",
                                    "discovery-completed", "mutual-plan-agreed")));
        }

        @Test
        void toAnEarlierStageIsABackwardMoveWithNothingToMeet() {
            fixture.given(opened("development"))
                    .when(changeStage(day(1), "prospecting"))
                    .expectEvents(stageChanged(day(1), "development", "prospecting", MOVED_BACKWARD, List.of(),
                            List.of()));
        }

        @Test
        void toTheStageItIsAlreadyInIsAConflict() {
            fixture.given(opened("qualification"))
                    .when(changeStage(day(1), "qualification"))
                    .expectNoEvents()
                    .expectException(rejected(409, "toStage"));
        }

        @Test
        void toAnAfterWinStageIsInvalid() {
            fixture.given(opened("closing"))
                    .when(changeStage(day(1), "account-management"))
                    .expectNoEvents()
                    .expectException(rejected(422, "toStage"));
        }

        @Test
        void toAnUnknownStageIsInvalid() {
            fixture.given(opened("closing"))
                    .when(changeStage(day(1), "negotiation"))
                    .expectNoEvents()
                    .expectException(rejected(422, "toStage"));
        }

        @Test
        void beforeTheOpeningIsInvalid() {
            fixture.given(opened("prospecting"))
                    .when(changeStage(T0.minusSeconds(1), "qualification"))
                    .expectNoEvents()
                    .expectException(rejected(422, "occurredAt"));
        }

        @Test
        void anOpportunityNeverOpenedIsNotFound() {
            fixture.givenNoPriorActivity()
                    .when(changeStage(day(1), "qualification"))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }

        @Test
        void aBackfilledMoveIsClassifiedFromTheStageInEffectAtItsOwnTime() {
            // recorded: qualification on day 2, development on day 4; the late fact says presentation on day 3
            fixture.given(opened("prospecting"), moved(day(2), "prospecting", "qualification"),
                            moved(day(4), "qualification", "development"))
                    .when(changeStage(day(3), "presentation"))
                    .expectEvents(stageChanged(day(3), "qualification", "presentation", SKIPPED,
                            List.of("development"),
                            List.of("pain-confirmed", "budget-confirmed", "decision-process-identified",
                                    "discovery-completed", "mutual-plan-agreed")));
        }

        @Test
        void aBackfilledMoveDoesNotCountMilestonesAchievedAfterIt() {
            // the meeting was accepted on day 3, the (late) move happened on day 2: unmet at the time
            fixture.given(opened("prospecting"), achieved(day(3), "first-meeting-accepted"),
                            moved(day(4), "prospecting", "qualification"))
                    .when(changeStage(day(2), "qualification"))
                    .expectEvents(stageChanged(day(2), "prospecting", "qualification", ADVANCED, List.of(),
                            List.of("first-meeting-accepted")));
        }

        @Test
        void aBackfilledMoveToTheStageInEffectAtItsTimeIsAConflict() {
            // the deal is in qualification now, but was still in prospecting on day 2
            fixture.given(opened("prospecting"), moved(day(4), "prospecting", "qualification"))
                    .when(changeStage(day(2), "prospecting"))
                    .expectNoEvents()
                    .expectException(rejected(409, "toStage"));
        }

        @Test
        void aMoveAfterTheLatestIsClassifiedFromTheCurrentStage() {
            fixture.given(opened("prospecting"), moved(day(4), "prospecting", "qualification"))
                    .when(changeStage(day(5), "prospecting"))
                    .expectEvents(stageChanged(day(5), "qualification", "prospecting", MOVED_BACKWARD, List.of(),
                            List.of()));
        }

        @Test
        void rejectEnforcementRefusesAnAdvanceWithUnmetCriteria() {
            fixture.given(openedUnder(REJECTING, "prospecting"))
                    .when(changeStage(day(1), "qualification"))
                    .expectNoEvents()
                    .expectException(rejected(409, "toStage", "first-meeting-accepted"));
        }

        @Test
        void rejectEnforcementRefusesASkipWithUnmetCriteriaOfTheSkippedStages() {
            fixture.given(openedUnder(REJECTING, "prospecting"), achieved(day(1), "first-meeting-accepted"))
                    .when(changeStage(day(2), "development"))
                    .expectNoEvents()
                    .expectException(rejected(409, "toStage", "pain-confirmed", "budget-confirmed",
                            "decision-process-identified"));
        }

        @Test
        void rejectEnforcementAcceptsAnAdvanceWithEveryCriterionMet() {
            fixture.given(openedUnder(REJECTING, "prospecting"), achieved(day(1), "first-meeting-accepted"))
                    .when(changeStage(day(2), "qualification"))
                    .expectEvents(stageChanged(day(2), "prospecting", "qualification", ADVANCED, List.of(),
                            List.of()));
        }

        @Test
        void rejectEnforcementAcceptsABackwardMove() {
            fixture.given(openedUnder(REJECTING, "development"))
                    .when(changeStage(day(1), "qualification"))
                    .expectEvents(stageChanged(day(1), "development", "qualification", MOVED_BACKWARD, List.of(),
                            List.of()));
        }
    }

    @Nested
    class Revisions {

        @Test
        void anAmountRevisionCarriesThePreviousAmountAndKeepsTheCurrency() {
            fixture.given(opened("prospecting"))
                    .when(new ReviseAmountCommand(EVENT_ID, OPP, day(1), new BigDecimal("60000")))
                    .expectEvents(new AmountRevisedEvent(EVENT_ID, OPP, day(1), AMOUNT, Money.of("60000", "EUR")));
        }

        @Test
        void thePreviousAmountIsTheLatestInBusinessTimeNotTheLatestToArrive() {
            // the day-1 revision arrived after the day-3 one: day 3's amount is still the current one
            fixture.given(opened("prospecting"), amountRevised(day(3), AMOUNT, Money.of("80000", "EUR")),
                            amountRevised(day(1), AMOUNT, Money.of("60000", "EUR")))
                    .when(new ReviseAmountCommand(EVENT_ID, OPP, day(4), new BigDecimal("90000")))
                    .expectEvents(new AmountRevisedEvent(EVENT_ID, OPP, day(4), Money.of("80000", "EUR"),
                            Money.of("90000", "EUR")));
        }

        @Test
        void anAmountRevisionBeforeTheOpeningIsInvalid() {
            fixture.given(opened("prospecting"))
                    .when(new ReviseAmountCommand(EVENT_ID, OPP, T0.minusSeconds(1), BigDecimal.ONE))
                    .expectNoEvents()
                    .expectException(rejected(422, "occurredAt"));
        }

        @Test
        void aCloseDateRevisionCarriesThePreviousDate() {
            LocalDate slipped = LocalDate.of(2026, 9, 30);
            fixture.given(opened("prospecting"))
                    .when(new ReviseCloseDateCommand(EVENT_ID, OPP, day(1), slipped))
                    .expectEvents(new CloseDateRevisedEvent(EVENT_ID, OPP, day(1), CLOSE_DATE, slipped));
        }

        @Test
        void aReassignmentWithoutTeamAndRegionKeepsThem() {
            fixture.given(opened("prospecting"))
                    .when(new ReassignOwnerCommand(EVENT_ID, OPP, day(1), RepId.of("rep-bob"), null, null))
                    .expectEvents(new OwnerReassignedEvent(EVENT_ID, OPP, day(1), REP, RepId.of("rep-bob"), TEAM,
                            REGION));
        }

        @Test
        void aReassignmentWithTeamAndRegionReplacesThem() {
            fixture.given(opened("prospecting"))
                    .when(new ReassignOwnerCommand(EVENT_ID, OPP, day(1), RepId.of("rep-bob"),
                            TeamId.of("team-west"), RegionId.of("na")))
                    .expectEvents(new OwnerReassignedEvent(EVENT_ID, OPP, day(1), REP, RepId.of("rep-bob"),
                            TeamId.of("team-west"), RegionId.of("na")));
        }

        @Test
        void aReassignmentStartsFromTheLatestOwner() {
            fixture.given(opened("prospecting"), new OwnerReassignedEvent("g-owner", OPP, day(1), REP,
                            RepId.of("rep-bob"), TeamId.of("team-west"), RegionId.of("na")))
                    .when(new ReassignOwnerCommand(EVENT_ID, OPP, day(2), RepId.of("rep-cy"), null,
                            RegionId.of("apac")))
                    .expectEvents(new OwnerReassignedEvent(EVENT_ID, OPP, day(2), RepId.of("rep-bob"),
                            RepId.of("rep-cy"), TeamId.of("team-west"), RegionId.of("apac")));
        }

        @Test
        void aForecastCategoryIsRecorded() {
            fixture.given(opened("prospecting"))
                    .when(new SetForecastCategoryCommand(EVENT_ID, OPP, day(1), ForecastCategory.COMMIT))
                    .expectEvents(new ForecastCategorySetEvent(EVENT_ID, OPP, day(1), ForecastCategory.COMMIT));
        }

        @Test
        void aRevisionOfAnOpportunityNeverOpenedIsNotFound() {
            fixture.givenNoPriorActivity()
                    .when(new ReviseAmountCommand(EVENT_ID, OPP, day(1), BigDecimal.TEN))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class Win {

        @Test
        void withoutAnAmountItIsWonAtTheCurrentAmount() {
            fixture.given(opened("closing"), amountRevised(day(1), AMOUNT, Money.of("65000", "EUR")),
                            achieved(day(2), "terms-agreed"), achieved(day(2), "contract-signed"))
                    .when(new WinOpportunityCommand(EVENT_ID, OPP, day(3), null))
                    .expectEvents(wonEvent(day(3), Money.of("65000", "EUR"), "closing", List.of(), List.of()));
        }

        @Test
        void anExplicitAmountIsTheFinalAmountInTheDealsCurrency() {
            fixture.given(opened("closing"), achieved(day(2), "terms-agreed"), achieved(day(2), "contract-signed"))
                    .when(new WinOpportunityCommand(EVENT_ID, OPP, day(3), new BigDecimal("47500")))
                    .expectEvents(wonEvent(day(3), Money.of("47500", "EUR"), "closing", List.of(), List.of()));
        }

        @Test
        void theUnmetCriteriaOfTheStageLeftAreListed() {
            fixture.given(opened("closing"), achieved(day(2), "terms-agreed"))
                    .when(win(day(3)))
                    .expectEvents(wonEvent(day(3), AMOUNT, "closing", List.of(), List.of("contract-signed")));
        }

        @Test
        void wonFromTheCurrentStage() {
            fixture.given(opened("prospecting"), moved(day(1), "prospecting", "discussion"))
                    .when(win(day(2)))
                    .expectEvents(wonEvent(day(2), AMOUNT, "discussion", List.of("closing"),
                            List.of("proposal-reviewed", "objections-resolved", "vendor-selected", "terms-agreed",
                                    "contract-signed")));
        }

        @Test
        void wonFromAnEarlyStageSkipsTheRestAndListsEveryUnmetCriterion() {
            fixture.given(opened("qualification"), achieved(day(1), "pain-confirmed"))
                    .when(win(day(2)))
                    .expectEvents(wonEvent(day(2), AMOUNT, "qualification",
                            List.of("development", "presentation", "discussion", "closing"),
                            List.of("budget-confirmed", "decision-process-identified", "discovery-completed",
                                    "mutual-plan-agreed", "decision-maker-attended-presentation",
                                    "success-criteria-confirmed", "proposal-reviewed", "objections-resolved",
                                    "vendor-selected", "terms-agreed", "contract-signed")));
        }

        @Test
        void atTheInstantOfTheLatestFactIsAccepted() {
            fixture.given(opened("closing"), amountRevised(day(2), AMOUNT, Money.of("1", "EUR")))
                    .when(win(day(2)))
                    .expectEvents(wonEvent(day(2), Money.of("1", "EUR"), "closing", List.of(),
                            List.of("terms-agreed", "contract-signed")));
        }

        @Test
        void rejectEnforcementRefusesAWinWithUnmetCriteria() {
            fixture.given(openedUnder(REJECTING, "closing"), achieved(day(1), "terms-agreed"))
                    .when(win(day(2)))
                    .expectNoEvents()
                    .expectException(rejected(409, "type", "contract-signed"));
        }

        @Test
        void rejectEnforcementAcceptsAWinWithEveryCriterionMet() {
            fixture.given(openedUnder(REJECTING, "closing"), achieved(day(1), "terms-agreed"),
                            achieved(day(1), "contract-signed"))
                    .when(win(day(2)))
                    .expectEvents(wonEvent(day(2), AMOUNT, "closing", List.of(), List.of()));
        }

        @Test
        void beforeTheLatestRecordedFactIsInvalid() {
            // closing changes what every later fact means, so it cannot be backfilled
            fixture.given(opened("closing"), achieved(day(3), "terms-agreed"))
                    .when(win(day(2)))
                    .expectNoEvents()
                    .expectException(rejected(422, "occurredAt"));
        }

        @Test
        void anOpportunityAlreadyWonIsAConflict() {
            fixture.given(opened("closing"), won(day(1), "closing"))
                    .when(win(day(2)))
                    .expectNoEvents()
                    .expectException(rejected(409, "type"));
        }

        @Test
        void anOpportunityAlreadyLostIsAConflict() {
            fixture.given(opened("closing"), lost(day(1), "closing"))
                    .when(win(day(2)))
                    .expectNoEvents()
                    .expectException(rejected(409, "type"));
        }

        @Test
        void anOpportunityNeverOpenedIsNotFound() {
            fixture.givenNoPriorActivity()
                    .when(win(day(2)))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class Loss {

        @Test
        void isLostFromTheCurrentStage() {
            fixture.given(opened("prospecting"), moved(day(1), "prospecting", "discussion"))
                    .when(new LoseOpportunityCommand(EVENT_ID, OPP, day(2), "no budget"))
                    .expectEvents(new OpportunityLostEvent(EVENT_ID, OPP, day(2), "no budget", stage("discussion")));
        }

        @Test
        void beforeTheLatestRecordedFactIsInvalid() {
            fixture.given(opened("prospecting"), moved(day(3), "prospecting", "qualification"))
                    .when(lose(day(2)))
                    .expectNoEvents()
                    .expectException(rejected(422, "occurredAt"));
        }

        @Test
        void anOpportunityAlreadyLostIsAConflict() {
            fixture.given(opened("prospecting"), lost(day(1), "prospecting"))
                    .when(lose(day(2)))
                    .expectNoEvents()
                    .expectException(rejected(409, "type"));
        }

        @Test
        void anOpportunityAlreadyWonIsAConflict() {
            fixture.given(opened("closing"), won(day(1), "closing"))
                    .when(lose(day(2)))
                    .expectNoEvents()
                    .expectException(rejected(409, "type"));
        }

        @Test
        void anOpportunityNeverOpenedIsNotFound() {
            fixture.givenNoPriorActivity()
                    .when(lose(day(2)))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class Reopen {

        @Test
        void aWonOpportunityReopensFromTheAfterWinStage() {
            fixture.given(opened("closing"), won(day(1), "closing"))
                    .when(reopen(day(2), "discussion"))
                    .expectEvents(new OpportunityReopenedEvent(EVENT_ID, OPP, day(2), stage("discussion"),
                            stage("account-management"), true));
        }

        @Test
        void aLostOpportunityReopensFromTheStageItWasLostIn() {
            fixture.given(opened("presentation"), lost(day(1), "presentation"))
                    .when(reopen(day(2), "qualification"))
                    .expectEvents(new OpportunityReopenedEvent(EVENT_ID, OPP, day(2), stage("qualification"),
                            stage("presentation"), false));
        }

        @Test
        void anOpenOpportunityCannotBeReopened() {
            fixture.given(opened("presentation"))
                    .when(reopen(day(2), "qualification"))
                    .expectNoEvents()
                    .expectException(rejected(409, "type"));
        }

        @Test
        void intoAnAfterWinStageIsInvalid() {
            fixture.given(opened("closing"), won(day(1), "closing"))
                    .when(reopen(day(2), "account-management"))
                    .expectNoEvents()
                    .expectException(rejected(422, "stage"));
        }

        @Test
        void intoAnUnknownStageIsInvalid() {
            fixture.given(opened("closing"), lost(day(1), "closing"))
                    .when(reopen(day(2), "negotiation"))
                    .expectNoEvents()
                    .expectException(rejected(422, "stage"));
        }

        @Test
        void beforeTheLatestRecordedFactIsInvalid() {
            fixture.given(opened("closing"), lost(day(3), "closing"))
                    .when(reopen(day(2), "closing"))
                    .expectNoEvents()
                    .expectException(rejected(422, "occurredAt"));
        }

        @Test
        void aReopenedOpportunityAcceptsLaterFactsFromTheStageItReopenedIn() {
            fixture.given(opened("closing"), won(day(1), "closing"), reopened(day(2), "discussion", true))
                    .when(changeStage(day(3), "closing"))
                    .expectEvents(stageChanged(day(3), "discussion", "closing", ADVANCED, List.of(),
                            List.of("proposal-reviewed", "objections-resolved", "vendor-selected")));
        }

        @Test
        void aReopenedOpportunityCanBeWonAgain() {
            fixture.given(opened("closing"), won(day(1), "closing"), reopened(day(2), "closing", true))
                    .when(win(day(3)))
                    .expectEvents(wonEvent(day(3), AMOUNT, "closing", List.of(),
                            List.of("terms-agreed", "contract-signed")));
        }

        @Test
        void anOpportunityNeverOpenedIsNotFound() {
            fixture.givenNoPriorActivity()
                    .when(reopen(day(2), "closing"))
                    .expectNoEvents()
                    .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class Closed {

        /** Every fact but closing and reopening, at the given time. */
        static Stream<Arguments> factsAt(Instant at) {
            return Stream.of(
                    Arguments.of(milestone(at, "terms-agreed", EvidenceKind.DOCUMENT)),
                    Arguments.of(changeStage(at, "discussion")),
                    Arguments.of(new ReviseAmountCommand(EVENT_ID, OPP, at, BigDecimal.TEN)),
                    Arguments.of(new ReviseCloseDateCommand(EVENT_ID, OPP, at, LocalDate.of(2026, 12, 31))),
                    Arguments.of(new ReassignOwnerCommand(EVENT_ID, OPP, at, RepId.of("rep-bob"), null, null)),
                    Arguments.of(new SetForecastCategoryCommand(EVENT_ID, OPP, at, ForecastCategory.OMITTED)));
        }

        static Stream<Arguments> factsAtTheClose() {
            return factsAt(day(2));
        }

        static Stream<Arguments> factsAfterTheClose() {
            return factsAt(day(3));
        }

        @ParameterizedTest
        @MethodSource("factsAtTheClose")
        void aFactAtTheInstantOfAWinIsAConflict(OpportunityCommand fact) {
            fixture.given(opened("closing"), won(day(2), "closing"))
                    .when(fact)
                    .expectNoEvents()
                    .expectException(rejected(409, "opportunityId"));
        }

        @ParameterizedTest
        @MethodSource("factsAfterTheClose")
        void aFactAfterAWinIsAConflict(OpportunityCommand fact) {
            fixture.given(opened("closing"), won(day(2), "closing"))
                    .when(fact)
                    .expectNoEvents()
                    .expectException(rejected(409, "opportunityId"));
        }

        @ParameterizedTest
        @MethodSource("factsAfterTheClose")
        void aFactAfterALossIsAConflict(OpportunityCommand fact) {
            fixture.given(opened("closing"), lost(day(2), "closing"))
                    .when(fact)
                    .expectNoEvents()
                    .expectException(rejected(409, "opportunityId"));
        }

        /*
         * Reopening does not make the closed period open after the fact: a late fact dated inside it is refused
         * just as it was before the reopening, whatever the order the facts arrived in.
         */
        @ParameterizedTest
        @MethodSource("factsAtTheClose")
        void aFactFromWhileItWasWonIsAConflictEvenAfterReopening(OpportunityCommand fact) {
            fixture.given(opened("closing"), won(day(1), "closing"), reopened(day(3), "closing", true))
                    .when(fact)
                    .expectNoEvents()
                    .expectException(rejected(409, "opportunityId"));
        }

        @ParameterizedTest
        @MethodSource("factsAtTheClose")
        void aFactFromWhileItWasLostIsAConflictEvenAfterReopening(OpportunityCommand fact) {
            fixture.given(opened("closing"), lost(day(1), "closing"), reopened(day(3), "closing", false))
                    .when(fact)
                    .expectNoEvents()
                    .expectException(rejected(409, "opportunityId"));
        }

        @Test
        void aFactAtTheInstantOfTheReopeningIsAccepted() {
            fixture.given(opened("closing"), lost(day(1), "closing"), reopened(day(2), "discussion", false))
                    .when(changeStage(day(2), "closing"))
                    .expectEvents(stageChanged(day(2), "discussion", "closing", ADVANCED, List.of(),
                            List.of("proposal-reviewed", "objections-resolved", "vendor-selected")));
        }

        @Test
        void aBackfilledFactFromBeforeAnEarlierCloseIsAccepted() {
            fixture.given(opened("closing"), lost(day(3), "closing"), reopened(day(4), "closing", false),
                            won(day(5), "closing"))
                    .when(new ReviseAmountCommand(EVENT_ID, OPP, day(2), new BigDecimal("42000")))
                    .expectEvents(new AmountRevisedEvent(EVENT_ID, OPP, day(2), AMOUNT, Money.of("42000", "EUR")));
        }

        @Test
        void aBackfilledMoveBeforeTheCloseIsAccepted() {
            fixture.given(opened("prospecting"), lost(day(3), "prospecting"))
                    .when(changeStage(day(2), "qualification"))
                    .expectEvents(stageChanged(day(2), "prospecting", "qualification", ADVANCED, List.of(),
                            List.of("first-meeting-accepted")));
        }

        @Test
        void aBackfilledMoveBeforeAWinIsClassifiedFromTheStageBeforeTheWin() {
            fixture.given(opened("discussion"), won(day(3), "discussion"))
                    .when(changeStage(day(2), "closing"))
                    .expectEvents(stageChanged(day(2), "discussion", "closing", ADVANCED, List.of(),
                            List.of("proposal-reviewed", "objections-resolved", "vendor-selected")));
        }

        @Test
        void aBackfilledMilestoneBeforeTheCloseIsAccepted() {
            fixture.given(opened("closing"), won(day(3), "closing"))
                    .when(milestone(day(2), "terms-agreed", EvidenceKind.DOCUMENT))
                    .expectEvents(new MilestoneAchievedEvent(EVENT_ID, OPP, day(2), milestoneId("terms-agreed"),
                            stage("closing"), evidence(EvidenceKind.DOCUMENT), "rep-ann", true));
        }

        @Test
        void aBackfilledAmountRevisionBeforeTheCloseIsAccepted() {
            fixture.given(opened("closing"), lost(day(3), "closing"))
                    .when(new ReviseAmountCommand(EVENT_ID, OPP, day(2), new BigDecimal("42000")))
                    .expectEvents(new AmountRevisedEvent(EVENT_ID, OPP, day(2), AMOUNT, Money.of("42000", "EUR")));
        }
    }

    /** A process may have no after-win stage: winning then leaves the last open stage for none. */
    @Nested
    class WithoutAnAfterWinStage {

        @BeforeEach
        void useAProcessWithoutAfterWinStage() {
            SalesProcess openStagesOnly = new SalesProcess(PROCESS.stages().subList(0, 2), Enforcement.RECORD);
            fixture = new AggregateTestFixture<>(Opportunity.class);
            fixture.registerInjectableResource(new FixedProcessCatalog(openStagesOnly));
        }

        @Test
        void aWinFromTheLastStageHasNoTargetStage() {
            fixture.given(opened("qualification"))
                    .when(win(day(1)))
                    .expectEvents(new OpportunityWonEvent(EVENT_ID, OPP, day(1), AMOUNT, stage("qualification"),
                            null, List.of(), milestoneIds(List.of("pain-confirmed", "budget-confirmed",
                            "decision-process-identified"))));
        }

        @Test
        void aReopeningAfterSuchAWinComesFromTheStageItWasWonIn() {
            fixture.given(opened("qualification"), new OpportunityWonEvent("g-won", OPP, day(1), AMOUNT,
                            stage("qualification"), null, List.of(), List.of()))
                    .when(reopen(day(2), "prospecting"))
                    .expectEvents(new OpportunityReopenedEvent(EVENT_ID, OPP, day(2), stage("prospecting"),
                            stage("qualification"), true));
        }
    }

    // --- rejections

    /** A {@link CommandRejectedException} with this status, field and (for blocked advances) unmet criteria. */
    private static Matcher<CommandRejectedException> rejected(int status, String field, String... unmet) {
        List<MilestoneId> expectedUnmet = milestoneIds(Arrays.asList(unmet));
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(CommandRejectedException e) {
                return e.status() == status && field.equals(e.field())
                        && e.unmetExitCriteria().equals(expectedUnmet);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("rejection " + status + " of field " + field + " with unmet criteria "
                        + expectedUnmet);
            }

            @Override
            protected void describeMismatchSafely(CommandRejectedException e, Description description) {
                description.appendText("was " + e.status() + " of field " + e.field() + " with unmet criteria "
                        + e.unmetExitCriteria() + ": " + e.getMessage());
            }
        };
    }

    // --- commands under test (eventId EVENT_ID)

    private static OpenOpportunityCommand open(Instant at, String stage) {
        return new OpenOpportunityCommand(EVENT_ID, OPP, at, REP, TEAM, REGION, ACCOUNT, stage(stage), AMOUNT,
                CLOSE_DATE, "salesforce");
    }

    private static RecordMilestoneCommand milestone(Instant at, String milestone, EvidenceKind kind) {
        return new RecordMilestoneCommand(EVENT_ID, OPP, at, milestoneId(milestone), evidence(kind), "rep-ann");
    }

    private static ChangeStageCommand changeStage(Instant at, String toStage) {
        return new ChangeStageCommand(EVENT_ID, OPP, at, stage(toStage));
    }

    private static WinOpportunityCommand win(Instant at) {
        return new WinOpportunityCommand(EVENT_ID, OPP, at, null);
    }

    private static LoseOpportunityCommand lose(Instant at) {
        return new LoseOpportunityCommand(EVENT_ID, OPP, at, "no budget");
    }

    private static ReopenOpportunityCommand reopen(Instant at, String stage) {
        return new ReopenOpportunityCommand(EVENT_ID, OPP, at, stage(stage));
    }

    // --- expected events of the command under test

    private static MilestoneAchievedEvent achievedEvent(Instant at, String milestone, EvidenceKind kind,
                                                        boolean verified) {
        return new MilestoneAchievedEvent(EVENT_ID, OPP, at, milestoneId(milestone), stageOf(milestone),
                evidence(kind), "rep-ann", verified);
    }

    private static StageChangedEvent stageChanged(Instant at, String from, String to, StageChangeKind kind,
                                                  List<String> skipped, List<String> unmet) {
        return new StageChangedEvent(EVENT_ID, OPP, at, stage(from), stage(to), kind, stageIds(skipped),
                milestoneIds(unmet));
    }

    private static OpportunityWonEvent wonEvent(Instant at, Money amount, String from, List<String> skipped,
                                                List<String> unmet) {
        return new OpportunityWonEvent(EVENT_ID, OPP, at, amount, stage(from), stage("account-management"),
                stageIds(skipped), milestoneIds(unmet));
    }

    // --- given history (each given event has its own eventId; the aggregate does not look at it)

    private static OpportunityOpenedEvent opened(String stage) {
        return openedUnder(RECORDING, stage);
    }

    private static OpportunityOpenedEvent openedUnder(int processVersion, String stage) {
        return new OpportunityOpenedEvent("g-opened", OPP, T0, REP, TEAM, REGION, ACCOUNT, stage(stage), AMOUNT,
                CLOSE_DATE, "salesforce", processVersion);
    }

    /** A buyer-verified milestone. */
    private static MilestoneAchievedEvent achieved(Instant at, String milestone) {
        return new MilestoneAchievedEvent("g-" + milestone, OPP, at, milestoneId(milestone), stageOf(milestone),
                EMAIL, "rep-ann", true);
    }

    /** A milestone on the seller's word only. */
    private static MilestoneAchievedEvent asserted(Instant at, String milestone) {
        return new MilestoneAchievedEvent("g-" + milestone, OPP, at, milestoneId(milestone), stageOf(milestone),
                evidence(EvidenceKind.SELLER_ASSERTION), "rep-ann", false);
    }

    /** A recorded move; only its time and target matter to the aggregate, so it is not classified in detail. */
    private static StageChangedEvent moved(Instant at, String from, String to) {
        StageChangeKind kind = PROCESS.indexOf(stage(to)) < PROCESS.indexOf(stage(from)) ? MOVED_BACKWARD : ADVANCED;
        return new StageChangedEvent("g-moved-" + to, OPP, at, stage(from), stage(to), kind, List.of(), List.of());
    }

    private static AmountRevisedEvent amountRevised(Instant at, Money previous, Money amount) {
        return new AmountRevisedEvent("g-amount-" + at, OPP, at, previous, amount);
    }

    private static OpportunityWonEvent won(Instant at, String from) {
        return new OpportunityWonEvent("g-won", OPP, at, AMOUNT, stage(from), stage("account-management"),
                List.of(), List.of());
    }

    private static OpportunityLostEvent lost(Instant at, String stage) {
        return new OpportunityLostEvent("g-lost", OPP, at, "no budget", stage(stage));
    }

    private static OpportunityReopenedEvent reopened(Instant at, String stage, boolean wasWon) {
        return new OpportunityReopenedEvent("g-reopened", OPP, at, stage(stage),
                stage(wasWon ? "account-management" : stage), wasWon);
    }

    // --- values

    private static Instant day(int days) {
        return T0.plus(Duration.ofDays(days));
    }

    private static StageId stage(String id) {
        return StageId.of(id);
    }

    private static StageId stageOf(String milestone) {
        return PROCESS.stageOfMilestone(milestoneId(milestone)).orElseThrow().id();
    }

    private static MilestoneId milestoneId(String id) {
        return MilestoneId.of(id);
    }

    private static List<StageId> stageIds(List<String> ids) {
        return ids.stream().map(StageId::of).toList();
    }

    private static List<MilestoneId> milestoneIds(List<String> ids) {
        return ids.stream().map(MilestoneId::of).toList();
    }

    private static Evidence evidence(EvidenceKind kind) {
        return new Evidence(kind, "crm:activity/4711", "cfo@acme.example");
    }
}
