package io.pipelineledger.embedded.oracle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The oracle on tiny histories whose answers are worked out by hand from docs/METRICS.md.
 * Stages of the default process: 0 prospecting, 1 qualification, 2 development, 3 presentation, 4 discussion,
 * 5 closing, 6 account-management (after win).
 */
class MetricsOracleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Reads decimals exactly, as money should be compared. */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final double EPS = 1e-12;

    private final List<CrmEvent> events = new ArrayList<>();
    private final Map<String, Integer> sequence = new HashMap<>();

    // ------------------------------------------------------------------ stage visits: skip, backward, reassign

    @Test
    void skipAndBackwardMove() {
        opened("A", day(0), "rep-1", "team-a", "emea", "prospecting", 10_000);
        milestone("A", day(1), "first-meeting-accepted", "BUYER_ACTION");
        moved("A", day(2), "qualification");   // ADVANCED, criteria met
        moved("A", day(4), "presentation");    // SKIPPED over development, five required criteria unmet
        moved("A", day(7), "development");     // MOVED_BACKWARD
        MetricsOracle oracle = oracle();

        JsonNode conversion = oracle.conversion("all", null, null, day(10), null);
        JsonExpectations.assertMatches(json("""
                {"groupBy":"all","groups":[{"group":"all","wonDeals":0,"stages":[
                 {"stage":"prospecting","entered":1,"advanced":1,"won":0,"lost":0,"open":0,
                  "conversionRate":1.0,"medianDaysInStage":2.0,"p90DaysInStage":2.0},
                 {"stage":"qualification","entered":1,"advanced":1,"won":0,"lost":0,"open":0,
                  "conversionRate":1.0,"medianDaysInStage":2.0,"p90DaysInStage":2.0},
                 {"stage":"development","entered":1,"advanced":0,"won":0,"lost":0,"open":1},
                 {"stage":"presentation","entered":1,"advanced":0,"won":0,"lost":0,"open":0,
                  "conversionRate":0.0,"medianDaysInStage":3.0,"p90DaysInStage":3.0},
                 {"stage":"discussion","entered":0,"advanced":0,"won":0,"lost":0,"open":0},
                 {"stage":"closing","entered":0,"advanced":0,"won":0,"lost":0,"open":0},
                 {"stage":"account-management","entered":0,"advanced":0,"won":0,"lost":0,"open":0}]}]}
                """), conversion);

        JsonNode habits = oracle.scorecard("rep-1", day(10)).get("habits");
        JsonExpectations.assertMatches(json("""
                {"forwardMoves":2,"skips":1,"skipRate":0.5,"backwardMoves":1,"judgedAdvances":2,
                 "advancesWithCriteriaMet":1,"adherence":0.5}
                """), habits);

        JsonNode pipeline = oracle.pipeline("all", day(10));
        assertThat(stage(pipeline.at("/groups/0"), "development").get("count").asInt()).isEqualTo(1);
        assertThat(pipeline.at("/groups/0/amount").decimalValue()).isEqualByComparingTo("10000");
    }

    @Test
    void reassignmentMovesOnlyLaterVisits() {
        opened("B", day(0), "rep-1", "team-a", "emea", "prospecting", 20_000);
        reassigned("B", day(1), "rep-2", "team-b", "amer");   // while in prospecting: that visit stays rep-1's
        moved("B", day(3), "qualification");
        lost("B", day(5));
        MetricsOracle oracle = oracle();

        JsonNode byRep = oracle.conversion("rep", null, null, day(10), null);
        assertThat(byRep.get("groups")).hasSize(2);
        JsonNode rep1 = byRep.at("/groups/0");
        JsonNode rep2 = byRep.at("/groups/1");
        assertThat(rep1.get("group").asText()).isEqualTo("rep-1");
        assertThat(rep2.get("group").asText()).isEqualTo("rep-2");
        JsonExpectations.assertMatches(json("""
                {"stage":"prospecting","entered":1,"advanced":1,"won":0,"lost":1,"open":0,
                 "conversionRate":1.0,"winRate":0.0,"medianDaysInStage":3.0,"p90DaysInStage":3.0}
                """), stage(rep1, "prospecting"));
        assertThat(stage(rep1, "qualification").get("entered").asInt()).isZero();
        JsonExpectations.assertMatches(json("""
                {"stage":"qualification","entered":1,"advanced":0,"won":0,"lost":1,"open":0,
                 "conversionRate":0.0,"winRate":0.0,"medianDaysInStage":2.0,"p90DaysInStage":2.0}
                """), stage(rep2, "qualification"));

        JsonNode byRegion = oracle.conversion("region", null, null, day(10), null);
        assertThat(byRegion.findValuesAsText("group")).containsExactly("amer", "emea");

        // The deal closed in rep-2's hands.
        JsonExpectations.assertMatches(json("""
                {"groupBy":"team","currency":"USD","groups":[{"group":"team-b","won":0,"lost":1,"winRate":0.0,
                 "wonAmount":0}],"warnings":[]}
                """), oracle.winRates("team", day(10)));

        // rep-1 advanced without the first meeting recorded; rep-2's visit ended in a loss, not a forward move.
        JsonNode card1 = oracle.scorecard("rep-1", day(10));
        assertThat(card1.get("team").asText()).isEqualTo("team-a");
        assertThat(card1.at("/habits/judgedAdvances").asInt()).isEqualTo(1);
        assertThat(card1.at("/habits/advancesWithCriteriaMet").asInt()).isZero();
        assertThat(card1.at("/habits/adherence").asDouble()).isEqualTo(0.0);
        assertThat(card1.get("dealsLost").asInt()).isZero();
        JsonNode card2 = oracle.scorecard("rep-2", day(10));
        assertThat(card2.get("team").asText()).isEqualTo("team-b");
        assertThat(card2.at("/habits/forwardMoves").asInt()).isZero();
        assertThat(card2.at("/habits").has("adherence")).isFalse();
        assertThat(card2.at("/habits").has("skipRate")).isFalse();
        assertThat(card2.get("dealsLost").asInt()).isEqualTo(1);
        assertThat(card2.get("winRate").asDouble()).isEqualTo(0.0);
    }

    @Test
    void reassignmentWithoutTeamKeepsTeamAndRegion() {
        opened("B", day(0), "rep-1", "team-a", "emea", "prospecting", 20_000);
        event("B", day(1), "OwnerReassigned", "repId", "rep-3");
        moved("B", day(2), "qualification");
        JsonNode byTeam = oracle().conversion("team", null, null, day(3), null);
        assertThat(byTeam.get("groups")).hasSize(1);
        assertThat(stage(byTeam.at("/groups/0"), "qualification").get("entered").asInt()).isEqualTo(1);
        JsonNode pipeline = oracle().pipeline("rep", day(3));
        assertThat(pipeline.findValuesAsText("group")).containsExactly("rep-3");
        assertThat(oracle().pipeline("region", day(3)).findValuesAsText("group")).containsExactly("emea");
    }

    @Test
    void visitsWithoutTeamAreLeftOutOfTeamGroupings() {
        event("N", day(0), "OpportunityOpened", "repId", "rep-9", "stage", "prospecting", "amount", 500,
                "currency", "USD");
        MetricsOracle oracle = oracle();
        assertThat(oracle.conversion("team", null, null, day(1), null).get("groups")).isEmpty();
        assertThat(oracle.conversion("rep", null, null, day(1), null).get("groups")).hasSize(1);
        assertThat(oracle.pipeline("region", day(1)).get("groups")).isEmpty();
        assertThat(oracle.pipeline("all", day(1)).at("/groups/0/count").asInt()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ criteria: verified, backfilled

    @Test
    void backfilledMilestoneMakesAnAdvanceCompliant() {
        opened("C", day(0), "rep-1", "team-a", "emea", "prospecting", 1_000);
        moved("C", day(2), "qualification");
        milestone("C", day(1), "first-meeting-accepted", "BUYER_ACTION"); // delivered late, happened before exit

        JsonNode withBackfill = oracle().scorecard("rep-1", day(3)).get("habits");
        assertThat(withBackfill.get("advancesWithCriteriaMet").asInt()).isEqualTo(1);
        assertThat(withBackfill.get("adherence").asDouble()).isEqualTo(1.0);

        // Before the late fact arrives the same advance is not compliant.
        JsonNode without = new MetricsOracle(events.subList(0, 2)).scorecard("rep-1", day(3)).get("habits");
        assertThat(without.get("advancesWithCriteriaMet").asInt()).isZero();
        assertThat(without.get("adherence").asDouble()).isEqualTo(0.0);
    }

    @Test
    void milestoneCountsAtTheExitInstantButNotAfterOrWhenOnlyTheSellerSaysSo() {
        // Qualification requires pain-confirmed (BUYER_ACTION), budget-confirmed (DOCUMENT) and
        // decision-process-identified (BUYER_ACTION).
        for (String deal : List.of("C2", "C3", "C4")) {
            String rep = switch (deal) {
                case "C2" -> "rep-2";
                case "C3" -> "rep-3";
                default -> "rep-4";
            };
            opened(deal, day(0), rep, "team-a", "emea", "qualification", 1_000);
            milestone(deal, day(1), "pain-confirmed", "BUYER_ACTION");
            milestone(deal, day(1), "decision-process-identified", "BUYER_ACTION");
            moved(deal, day(3), "development");
        }
        milestone("C2", day(3), "budget-confirmed", "DOCUMENT");                           // at the exit: counts
        milestone("C3", day(3).plusMillis(1), "budget-confirmed", "DOCUMENT");             // after the exit
        milestone("C4", day(2), "budget-confirmed", "SELLER_ASSERTION");                   // not verified
        milestone("C4", day(2), "icp-fit-checked", "SELLER_ASSERTION");                    // optional, irrelevant
        MetricsOracle oracle = oracle();
        assertThat(oracle.scorecard("rep-2", day(5)).at("/habits/advancesWithCriteriaMet").asInt()).isEqualTo(1);
        assertThat(oracle.scorecard("rep-3", day(5)).at("/habits/advancesWithCriteriaMet").asInt()).isZero();
        assertThat(oracle.scorecard("rep-4", day(5)).at("/habits/advancesWithCriteriaMet").asInt()).isZero();
        assertThat(oracle.scorecard("rep-4", day(5)).at("/habits/judgedAdvances").asInt()).isEqualTo(1);

        // Everyone: 1 of 3 advances met its criteria; no skips.
        JsonNode maturity = oracle.maturity(day(5));
        assertThat(maturity.at("/evidence/judgedAdvances").asInt()).isEqualTo(3);
        assertThat(maturity.at("/evidence/adherence").asDouble()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(maturity.at("/evidence/skipRate").asDouble()).isEqualTo(0.0);
        assertThat(maturity.at("/level").asInt()).isEqualTo(2);
    }

    @Test
    void milestoneOfASkippedStageCountsButOnlyForTheRequiredOnes() {
        opened("S", day(0), "rep-1", "team-a", "emea", "prospecting", 1_000);
        milestone("S", day(1), "first-meeting-accepted", "BUYER_ACTION");
        milestone("S", day(1), "pain-confirmed", "BUYER_ACTION");
        milestone("S", day(1), "budget-confirmed", "DOCUMENT");
        milestone("S", day(1), "decision-process-identified", "SYSTEM_RECORD"); // any buyer evidence satisfies
        moved("S", day(2), "development");  // skips qualification, whose criteria are all met
        JsonNode habits = oracle().scorecard("rep-1", day(3)).get("habits");
        JsonExpectations.assertMatches(json("""
                {"forwardMoves":1,"skips":1,"skipRate":1.0,"backwardMoves":0,"judgedAdvances":1,
                 "advancesWithCriteriaMet":1,"adherence":1.0}
                """), habits);
    }

    // ------------------------------------------------------------------ win, reopen, loss

    @Test
    void winReopenAndWinAgain() {
        opened("D", day(0), "rep-1", "team-a", "emea", "prospecting", 40_000);
        moved("D", day(2), "qualification");
        moved("D", day(5), "development");
        moved("D", day(6), "presentation");
        moved("D", day(8), "discussion");
        moved("D", day(10), "closing");
        event("D", day(12), "OpportunityWon", "amount", 45_000);
        reopened("D", day(20), "discussion");          // leaves account-management, MOVED_BACKWARD
        event("D", day(30), "OpportunityWon");         // from discussion: a skip of closing
        MetricsOracle oracle = oracle();

        JsonNode all = oracle.conversion("all", null, null, day(40), null).at("/groups/0");
        assertThat(all.get("wonDeals").asInt()).isEqualTo(2);
        assertThat(all.get("medianCycleDays").asDouble()).isEqualTo(11.0);   // runs of 12 and 10 days
        JsonExpectations.assertMatches(json("""
                {"stage":"discussion","entered":2,"advanced":2,"won":2,"lost":0,"open":0,"conversionRate":1.0,
                 "winRate":1.0,"medianDaysInStage":6.0,"p90DaysInStage":9.2}
                """), stage(all, "discussion"));
        JsonExpectations.assertMatches(json("""
                {"stage":"account-management","entered":2,"advanced":0,"won":2,"lost":0,"open":1,
                 "conversionRate":0.0,"winRate":1.0,"medianDaysInStage":8.0,"p90DaysInStage":8.0}
                """), stage(all, "account-management"));
        JsonExpectations.assertMatches(json("""
                {"stage":"closing","entered":1,"advanced":1,"won":1,"lost":0,"open":0,"conversionRate":1.0,
                 "winRate":1.0,"medianDaysInStage":2.0,"p90DaysInStage":2.0}
                """), stage(all, "closing"));

        JsonNode card = oracle.scorecard("rep-1", day(40));
        // Forward: five advances, WON from closing, WON from discussion; the after-win exit is not counted.
        JsonExpectations.assertMatches(json("""
                {"forwardMoves":7,"skips":1,"skipRate":0.14285714285714285,"backwardMoves":0,"judgedAdvances":7,
                 "advancesWithCriteriaMet":0,"adherence":0.0,"medianCycleDays":11.0}
                """), card.get("habits"));
        assertThat(card.get("dealsWon").asInt()).isEqualTo(2);
        assertThat(card.get("dealsLost").asInt()).isZero();
        assertThat(card.get("stages")).hasSize(6);   // open stages only

        // Closed as of day 15, open again as of day 25 (at the won amount), closed once more as of day 40.
        JsonExpectations.assertMatches(json("""
                {"groupBy":"rep","currency":"USD","groups":[{"group":"rep-1","won":1,"lost":0,"winRate":1.0,
                 "wonAmount":45000}],"warnings":[]}
                """), oracle.winRates("rep", day(15)));
        assertThat(oracle.pipeline("all", day(15)).get("groups")).isEmpty();
        assertThat(oracle.winRates("rep", day(25)).get("groups")).isEmpty();
        JsonNode pipeline = oracle.pipeline("all", day(25)).at("/groups/0");
        assertThat(pipeline.get("count").asInt()).isEqualTo(1);
        assertThat(pipeline.get("amount").decimalValue()).isEqualByComparingTo("45000");
        assertThat(stage(pipeline, "discussion").get("count").asInt()).isEqualTo(1);
        assertThat(oracle.winRates("all", day(40)).at("/groups/0/won").asInt()).isEqualTo(1);

        // asOf at the instant of the first win: not yet won (strictly before).
        assertThat(oracle.winRates("all", day(12)).get("groups")).isEmpty();
        JsonNode before = oracle.pipeline("all", day(12)).at("/groups/0");
        assertThat(stage(before, "closing").get("amount").decimalValue()).isEqualByComparingTo("40000");
        JsonNode conversionBefore = oracle.conversion("all", null, null, day(12), null).at("/groups/0");
        assertThat(conversionBefore.get("wonDeals").asInt()).isZero();
        assertThat(conversionBefore.has("medianCycleDays")).isFalse();
        assertThat(stage(conversionBefore, "prospecting").get("won").asInt()).isZero();
        assertThat(stage(conversionBefore, "closing").get("open").asInt()).isEqualTo(1);
    }

    @Test
    void aWinBelongsToTheVisitOwnerForCycleTimeAndToTheOwnerAtCloseForWinRates() {
        opened("R", day(0), "rep-1", "team-a", "emea", "prospecting", 1_000);
        moved("R", day(2), "closing");                         // closing entered by rep-1
        reassigned("R", day(3), "rep-2", "team-b", "amer");
        event("R", day(6), "OpportunityWon");                  // won from rep-1's visit, in rep-2's hands
        MetricsOracle oracle = oracle();

        JsonNode byRep = oracle.conversion("rep", null, null, day(10), null);
        assertThat(byRep.findValuesAsText("group")).containsExactly("rep-1", "rep-2");
        assertThat(byRep.at("/groups/0/wonDeals").asInt()).isEqualTo(1);
        assertThat(byRep.at("/groups/0/medianCycleDays").asDouble()).isEqualTo(6.0);
        assertThat(byRep.at("/groups/1/wonDeals").asInt()).isZero();
        assertThat(stage(byRep.at("/groups/1"), "account-management").get("entered").asInt()).isEqualTo(1);
        assertThat(stage(byRep.at("/groups/0"), "closing").get("won").asInt()).isEqualTo(1);

        JsonExpectations.assertMatches(json("""
                {"groupBy":"rep","currency":"USD","groups":[{"group":"rep-2","won":1,"lost":0,"winRate":1.0,
                 "wonAmount":1000}],"warnings":[]}
                """), oracle.winRates("rep", day(10)));
        assertThat(oracle.scorecard("rep-1", day(10)).at("/habits/medianCycleDays").asDouble()).isEqualTo(6.0);
        assertThat(oracle.scorecard("rep-1", day(10)).get("dealsWon").asInt()).isEqualTo(1);
        JsonNode card2 = oracle.scorecard("rep-2", day(10));
        assertThat(card2.get("team").asText()).isEqualTo("team-b");
        assertThat(card2.at("/habits").has("medianCycleDays")).isFalse();
        assertThat(card2.get("dealsWon").asInt()).isZero();
        // The skip from prospecting to closing: forward, a skip, four stages of required criteria unmet.
        assertThat(oracle.scorecard("rep-1", day(10)).at("/habits/skips").asInt()).isEqualTo(1);
    }

    @Test
    void lossesAndAReopenedLoss() {
        opened("E1", day(0), "rep-1", "team-a", "emea", "closing", 1_000);
        event("E1", day(1), "OpportunityWon");
        opened("E2", day(0), "rep-1", "team-a", "emea", "closing", 2_000);
        lost("E2", day(2));
        opened("E3", day(0), "rep-2", "team-a", "emea", "discussion", 3_000);
        lost("E3", day(3));
        reopened("E3", day(6), "presentation");
        MetricsOracle oracle = oracle();

        JsonExpectations.assertMatches(json("""
                {"groupBy":"all","currency":"USD","groups":[{"group":"all","won":1,"lost":2,
                 "winRate":0.3333333333333333,"wonAmount":1000}],"warnings":[]}
                """), oracle.winRates(null, day(5)));
        JsonExpectations.assertMatches(json("""
                {"groupBy":"all","currency":"USD","groups":[{"group":"all","won":1,"lost":1,"winRate":0.5,
                 "wonAmount":1000}],"warnings":[]}
                """), oracle.winRates("all", day(7)));
        JsonExpectations.assertMatches(json("""
                {"groupBy":"rep","currency":"USD","groups":[{"group":"rep-2","count":1,"amount":3000,"stages":[
                  {"stage":"prospecting","count":0,"amount":0},{"stage":"qualification","count":0,"amount":0},
                  {"stage":"development","count":0,"amount":0},{"stage":"presentation","count":1,"amount":3000},
                  {"stage":"discussion","count":0,"amount":0},{"stage":"closing","count":0,"amount":0}]}],
                 "warnings":[]}
                """), oracle.pipeline("rep", day(7)));

        // The first run of E3 stays LOST; the reopened run is OPEN.
        JsonNode all = oracle.conversion("all", null, null, day(7), null).at("/groups/0");
        JsonExpectations.assertMatches(json("""
                {"stage":"discussion","entered":1,"advanced":0,"won":0,"lost":1,"open":0,"conversionRate":0.0,
                 "winRate":0.0,"medianDaysInStage":3.0,"p90DaysInStage":3.0}
                """), stage(all, "discussion"));
        JsonExpectations.assertMatches(json("""
                {"stage":"presentation","entered":1,"advanced":0,"won":0,"lost":0,"open":1}
                """), stage(all, "presentation"));
        JsonExpectations.assertMatches(json("""
                {"stage":"closing","entered":2,"advanced":1,"won":1,"lost":1,"open":0,"conversionRate":0.5,
                 "winRate":0.5,"medianDaysInStage":1.5,"p90DaysInStage":1.9}
                """), stage(all, "closing"));
    }

    // ------------------------------------------------------------------ as of, windows, periods

    @Test
    void asOfCutsAVisit() {
        opened("F", day(0), "rep-1", "team-a", "emea", "prospecting", 1_000);
        moved("F", day(5), "qualification");
        lost("F", day(9));
        MetricsOracle oracle = oracle();

        assertThat(oracle.conversion("all", null, null, day(0), null).get("groups")).isEmpty();
        assertThat(oracle.scorecard("rep-1", day(0))).isNull();
        assertThat(oracle.scorecard("rep-unknown", day(10))).isNull();

        JsonNode atExit = oracle.conversion("all", null, null, day(5), null).at("/groups/0");
        JsonExpectations.assertMatches(json("""
                {"stage":"prospecting","entered":1,"advanced":0,"won":0,"lost":0,"open":1}
                """), stage(atExit, "prospecting"));
        assertThat(stage(atExit, "qualification").get("entered").asInt()).isZero();

        JsonNode justAfter = oracle.conversion("all", null, null, day(5).plusMillis(1), null).at("/groups/0");
        JsonExpectations.assertMatches(json("""
                {"stage":"prospecting","entered":1,"advanced":1,"won":0,"lost":0,"open":0,"conversionRate":1.0,
                 "medianDaysInStage":5.0,"p90DaysInStage":5.0}
                """), stage(justAfter, "prospecting"));
        assertThat(stage(justAfter, "qualification").get("open").asInt()).isEqualTo(1);

        JsonNode afterLoss = oracle.conversion("all", null, null, day(10), null).at("/groups/0");
        assertThat(stage(afterLoss, "prospecting").get("lost").asInt()).isEqualTo(1);
        assertThat(stage(afterLoss, "prospecting").get("winRate").asDouble()).isEqualTo(0.0);
        assertThat(stage(afterLoss, "qualification").get("medianDaysInStage").asDouble()).isEqualTo(4.0);
    }

    @Test
    void windowBoundsTheEntryTimeAndIntervalSplitsByMonth() {
        Instant jan20 = Instant.parse("2026-01-20T00:00:00Z");
        Instant feb1 = Instant.parse("2026-02-01T00:00:00Z");
        Instant mar1 = Instant.parse("2026-03-01T00:00:00Z");
        opened("G1", jan20, "rep-1", "team-a", "emea", "prospecting", 1_000);
        moved("G1", Instant.parse("2026-02-03T00:00:00Z"), "qualification");
        event("G1", Instant.parse("2026-02-10T00:00:00Z"), "OpportunityWon");         // run started Jan 20
        opened("G2", Instant.parse("2026-02-10T12:00:00Z"), "rep-1", "team-a", "emea", "prospecting", 1_000);
        opened("G3", mar1, "rep-1", "team-a", "emea", "prospecting", 1_000);           // at `to`: out
        opened("G4", feb1, "rep-2", "team-a", "emea", "qualification", 1_000);         // at `from`: in
        Instant asOf = Instant.parse("2026-04-01T00:00:00Z");
        MetricsOracle oracle = oracle();

        JsonNode february = oracle.conversion("all", feb1, mar1, asOf, "month");
        assertThat(february.get("groups")).hasSize(1);
        JsonNode feb = february.at("/groups/0");
        assertThat(feb.get("period").asText()).isEqualTo("2026-02");
        assertThat(feb.get("wonDeals").asInt()).isZero();          // G1's run started in January
        assertThat(stage(feb, "prospecting").get("entered").asInt()).isEqualTo(1);     // G2
        assertThat(stage(feb, "qualification").get("entered").asInt()).isEqualTo(2);   // G1, G4
        assertThat(stage(feb, "qualification").get("advanced").asInt()).isEqualTo(1);  // G1 won from it
        assertThat(stage(feb, "account-management").get("entered").asInt()).isEqualTo(1);

        JsonNode months = oracle.conversion("all", null, null, asOf, "month");
        assertThat(months.findValuesAsText("period")).containsExactly("2026-01", "2026-02", "2026-03");
        JsonNode jan = months.at("/groups/0");
        assertThat(jan.get("wonDeals").asInt()).isEqualTo(1);
        assertThat(jan.get("medianCycleDays").asDouble()).isEqualTo(21.0);
        assertThat(stage(jan, "prospecting").get("entered").asInt()).isEqualTo(1);
        assertThat(stage(jan, "qualification").get("entered").asInt()).isZero();
        assertThat(months.at("/groups/2/stages/0/entered").asInt()).isEqualTo(1);      // G3 in March

        // Groups sorted by group then period.
        JsonNode byRep = oracle.conversion("rep", null, null, asOf, "quarter");
        assertThat(byRep.findValuesAsText("group")).containsExactly("rep-1", "rep-2");
        assertThat(byRep.findValuesAsText("period")).containsExactly("2026-Q1", "2026-Q1");
        JsonNode byRepMonth = oracle.conversion("rep", null, null, asOf, "month");
        assertThat(byRepMonth.findValuesAsText("group")).containsExactly("rep-1", "rep-1", "rep-1", "rep-2");

        // No interval: no period at all.
        JsonNode whole = oracle.conversion("all", feb1, null, asOf, null).at("/groups/0");
        assertThat(whole.has("period")).isFalse();
        assertThat(stage(whole, "prospecting").get("entered").asInt()).isEqualTo(2);   // G2, G3
    }

    @Test
    void periodKeys() {
        assertThat(MetricsOracle.period(Instant.parse("2026-11-22T10:00:00Z"), "week")).isEqualTo("2026-W47");
        assertThat(MetricsOracle.period(Instant.parse("2027-01-01T00:00:00Z"), "week")).isEqualTo("2026-W53");
        assertThat(MetricsOracle.period(Instant.parse("2025-12-29T00:00:00Z"), "week")).isEqualTo("2026-W01");
        assertThat(MetricsOracle.period(Instant.parse("2026-11-30T23:59:59Z"), "month")).isEqualTo("2026-11");
        assertThat(MetricsOracle.period(Instant.parse("2026-10-01T00:00:00Z"), "quarter")).isEqualTo("2026-Q4");
        assertThat(MetricsOracle.period(Instant.parse("2026-09-30T23:59:59Z"), "quarter")).isEqualTo("2026-Q3");
        assertThat(MetricsOracle.period(Instant.parse("2026-09-30T23:59:59Z"), null)).isNull();
    }

    @Test
    void quantilesAreType7() {
        assertThat(MetricsOracle.quantile(List.of(4.0, 1.0, 3.0, 2.0), 0.5)).isEqualTo(2.5);
        assertThat(MetricsOracle.quantile(List.of(4.0, 1.0, 3.0, 2.0), 0.9)).isCloseTo(3.7, within(EPS));
        assertThat(MetricsOracle.quantile(List.of(7.0), 0.9)).isEqualTo(7.0);
        assertThat(MetricsOracle.quantile(List.of(), 0.5)).isNull();
        assertThat(MetricsOracle.days(T0, T0.plusMillis(43_200_000))).isEqualTo(0.5);
    }

    // ------------------------------------------------------------------ scorecard: shrinkage in a 2-rep team

    @Test
    void shrinkageTowardATwoRepTeam() {
        // team-a: rep-1 wins 4 of 5, rep-2 wins 1 of 5, all from closing. rep-3 (team-b) must not shape the prior.
        closedDeals("rep-1", "team-a", 4, 1);
        closedDeals("rep-2", "team-a", 1, 4);
        closedDeals("rep-3", "team-b", 0, 3);
        MetricsOracle oracle = oracle();
        JsonNode card = oracle.scorecard("rep-1", day(30));

        // By hand: Σs = 5, Σn = 10, μ = 0.5, k = 2; S = 5(0.8−0.5)² + 5(0.2−0.5)² = 0.9;
        // τ² = (0.9 − 2·0.25) ÷ (10 − 2) = 0.05; α+β = 0.25 ÷ 0.05 − 1 = 4, α = β = 2.
        // rep-1: (4 + 2) ÷ (5 + 4) = 2/3; rep-2: (1 + 2) ÷ 9 = 1/3.
        assertThat(card.get("team").asText()).isEqualTo("team-a");
        assertThat(card.get("dealsWon").asInt()).isEqualTo(4);
        assertThat(card.get("dealsLost").asInt()).isEqualTo(1);
        assertThat(card.get("winRate").asDouble()).isCloseTo(0.8, within(EPS));
        assertThat(card.get("winRateShrunk").asDouble()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(card.get("teamWinRate").asDouble()).isCloseTo(0.5, within(EPS));
        assertThat(card.get("winRateGap").asDouble()).isCloseTo(2.0 / 3 - 0.5, within(EPS));
        JsonExpectations.assertMatches(json("""
                {"stage":"closing","exited":5,"advanced":4,"conversion":0.8,"conversionShrunk":0.6666666666666666,
                 "teamConversion":0.5,"won":4,"lost":1,"winRate":0.8,"winRateShrunk":0.6666666666666666,
                 "teamWinRate":0.5}
                """), stage(card, "closing"));
        JsonExpectations.assertMatches(json("""
                {"stage":"prospecting","exited":0,"advanced":0,"won":0,"lost":0}
                """), stage(card, "prospecting"));

        JsonNode card2 = oracle.scorecard("rep-2", day(30));
        assertThat(card2.get("winRateShrunk").asDouble()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(card2.get("winRateGap").asDouble()).isCloseTo(1.0 / 3 - 0.5, within(EPS));
        // The team's habits: 5 WON exits from closing, all judged, none met (no contract milestones).
        JsonExpectations.assertMatches(json("""
                {"forwardMoves":5,"skips":0,"skipRate":0.0,"backwardMoves":0,"judgedAdvances":5,
                 "advancesWithCriteriaMet":0,"adherence":0.0,"medianCycleDays":1.0}
                """), card2.get("teamHabits"));
    }

    @Test
    void shrinkageWithoutSpreadUsesStrength1000() {
        // rep-1 3 of 4, rep-2 1 of 4: μ = 0.5, S = 4·0.0625·2 = 0.5, τ² = (0.5 − 0.5) ÷ 6 = 0 → α = β = 500.
        closedDeals("rep-1", "team-a", 3, 1);
        closedDeals("rep-2", "team-a", 1, 3);
        JsonNode card = oracle().scorecard("rep-1", day(30));
        assertThat(card.get("winRateShrunk").asDouble()).isCloseTo(503.0 / 1004, within(EPS));
    }

    @Test
    void shrinkageWhenTheWholeTeamWins() {
        // Σs = Σn = 3, μ = 1 moved to 1 − 0.5/4 = 0.875 with strength 1000: α = 875, β = 125.
        closedDeals("rep-4", "team-c", 2, 0);
        closedDeals("rep-5", "team-c", 1, 0);
        JsonNode card = oracle().scorecard("rep-4", day(30));
        assertThat(card.get("winRateShrunk").asDouble()).isCloseTo(877.0 / 1002, within(EPS));
        assertThat(card.get("winRate").asDouble()).isEqualTo(1.0);
        assertThat(card.get("teamWinRate").asDouble()).isEqualTo(1.0);
    }

    @Test
    void scorecardTeamIsTheTeamOfTheLatestVisit() {
        opened("H1", day(0), "rep-6", "team-x", "emea", "prospecting", 1_000);
        opened("H2", day(5), "rep-6", "team-y", "emea", "prospecting", 1_000);
        opened("H3", day(1), "rep-7", "team-y", "emea", "prospecting", 1_000);
        moved("H3", day(2), "qualification");
        MetricsOracle oracle = oracle();
        assertThat(oracle.scorecard("rep-6", day(3)).get("team").asText()).isEqualTo("team-x");
        JsonNode card = oracle.scorecard("rep-6", day(6));
        assertThat(card.get("team").asText()).isEqualTo("team-y");
        // team-y's visits: H2 (open) and rep-7's two; only rep-7's prospecting visit has left.
        assertThat(stage(card, "prospecting").get("teamConversion").asDouble()).isEqualTo(1.0);
        assertThat(stage(card, "prospecting").has("conversion")).isFalse();
        assertThat(card.at("/teamHabits/forwardMoves").asInt()).isEqualTo(1);
        assertThat(card.at("/habits/forwardMoves").asInt()).isZero();
    }

    // ------------------------------------------------------------------ maturity

    @Test
    void maturityHopeAndIntention() {
        // rep-1: 5 deals advanced with the first meeting on record, then lost: 5 judged, 5 met, 0 of 5 won.
        // rep-2: 5 deals advanced without it, then won from qualification (a skip): 10 judged, 0 met, 5 of 5 won.
        for (int i = 0; i < 5; i++) {
            String a = "M1-" + i;
            opened(a, day(i), "rep-1", "team-a", "emea", "prospecting", 1_000);
            milestone(a, day(i).plusSeconds(60), "first-meeting-accepted", "BUYER_ACTION");
            moved(a, day(i + 1), "qualification");
            lost(a, day(i + 2));
            String b = "M2-" + i;
            opened(b, day(i), "rep-2", "team-a", "emea", "prospecting", 1_000);
            moved(b, day(i + 1), "qualification");
            event(b, day(i + 2), "OpportunityWon");
        }
        JsonNode maturity = oracle().maturity(day(30));
        // Spread: μ = 0.5, S = 2.5, τ² = (2.5 − 0.5) ÷ 8 = 0.25, α+β = 0.25/0.25 − 1 = 0 → 0.01, α = β = 0.005;
        // shrunk 0.005/5.01 and 5.005/5.01, mean 0.5, sample sd √2·2.5/5.01, CV = √2·5/5.01.
        double spread = Math.sqrt(2) * 5 / 5.01;
        JsonExpectations.assertMatches(json("""
                {"level":2,"name":"Hope & intention","evidence":{"adherence":0.3333333333333333,
                  "skipRate":0.3333333333333333,"winRateSpread":%s,"repsFollowingProcess":0.5,
                  "judgedAdvances":15,"repsMeasured":2},
                 "checks":[
                  {"level":2,"measure":"adherence","comparison":">=","threshold":0.3,"value":0.3333333333333333,"met":true},
                  {"level":3,"measure":"adherence","comparison":">=","threshold":0.65,"value":0.3333333333333333,"met":false},
                  {"level":3,"measure":"skipRate","comparison":"<=","threshold":0.15,"value":0.3333333333333333,"met":false},
                  {"level":3,"measure":"repsFollowingProcess","comparison":">=","threshold":0.6,"value":0.5,"met":false},
                  {"level":4,"measure":"adherence","comparison":">=","threshold":0.85,"value":0.3333333333333333,"met":false},
                  {"level":4,"measure":"skipRate","comparison":"<=","threshold":0.05,"value":0.3333333333333333,"met":false},
                  {"level":4,"measure":"winRateSpread","comparison":"<=","threshold":0.25,"value":%s,"met":false},
                  {"level":4,"measure":"repsFollowingProcess","comparison":">=","threshold":0.85,"value":0.5,"met":false}]}
                """.formatted(spread, spread)), maturity);
    }

    @Test
    void maturityDynamicProcess() {
        // Deals opened in closing with both contract milestones documented, then won or lost.
        // rep-a: 5 wins (5 judged, all met); rep-b: 4 wins, 1 loss (4 judged: not measured for following).
        for (int i = 0; i < 10; i++) {
            String deal = "L-" + i;
            String rep = i < 5 ? "rep-a" : "rep-b";
            opened(deal, day(i), rep, "team-a", "emea", "closing", 1_000);
            milestone(deal, day(i).plusSeconds(10), "terms-agreed", "DOCUMENT");
            milestone(deal, day(i).plusSeconds(20), "contract-signed", "DOCUMENT");
            if (i == 9) {
                lost(deal, day(i + 1));
            } else {
                event(deal, day(i + 1), "OpportunityWon");
            }
        }
        JsonNode maturity = oracle().maturity(day(30));
        // Spread: μ = 0.9, S = 0.1 < 2·0.09 → strength 1000, α = 900, β = 100: 905/1005 and 904/1005,
        // mean 0.9, sample sd √2·0.5/1005, CV = √2 ÷ 1809.
        assertThat(maturity.get("level").asInt()).isEqualTo(4);
        assertThat(maturity.get("name").asText()).isEqualTo("Dynamic process");
        assertThat(maturity.at("/evidence/adherence").asDouble()).isEqualTo(1.0);
        assertThat(maturity.at("/evidence/skipRate").asDouble()).isEqualTo(0.0);
        assertThat(maturity.at("/evidence/winRateSpread").asDouble()).isCloseTo(Math.sqrt(2) / 1809, within(EPS));
        assertThat(maturity.at("/evidence/repsFollowingProcess").asDouble()).isEqualTo(1.0);
        assertThat(maturity.at("/evidence/judgedAdvances").asInt()).isEqualTo(9);
        assertThat(maturity.findValues("met")).allMatch(JsonNode::asBoolean);
    }

    @Test
    void maturityWithNothingToMeasure() {
        JsonExpectations.assertMatches(json("""
                {"level":1,"name":"Anarchy & luck","evidence":{"judgedAdvances":0,"repsMeasured":0},
                 "checks":[
                  {"level":2,"measure":"adherence","comparison":">=","threshold":0.3,"met":false},
                  {"level":3,"measure":"adherence","comparison":">=","threshold":0.65,"met":false},
                  {"level":3,"measure":"skipRate","comparison":"<=","threshold":0.15,"met":false},
                  {"level":3,"measure":"repsFollowingProcess","comparison":">=","threshold":0.6,"met":false},
                  {"level":4,"measure":"adherence","comparison":">=","threshold":0.85,"met":false},
                  {"level":4,"measure":"skipRate","comparison":"<=","threshold":0.05,"met":false},
                  {"level":4,"measure":"winRateSpread","comparison":"<=","threshold":0.25,"met":false},
                  {"level":4,"measure":"repsFollowingProcess","comparison":">=","threshold":0.85,"met":false}]}
                """), oracle().maturity(day(30)));
    }

    // ------------------------------------------------------------------ pipeline amounts

    @Test
    void pipelineSumsTheLatestAmountsExactly() {
        event("P1", day(0), "OpportunityOpened", "repId", "rep-1", "teamId", "team-a", "regionId", "emea",
                "stage", "prospecting", "amount", new BigDecimal("1234.56"), "currency", "USD");
        event("P1", day(2), "AmountRevised", "amount", new BigDecimal("1000.10"));
        event("P1", day(1), "AmountRevised", "amount", 999);                 // backfilled, superseded by day 2
        event("P1", day(8), "AmountRevised", "amount", 5);                   // after asOf
        event("P2", day(0), "OpportunityOpened", "repId", "rep-2", "teamId", "team-a", "regionId", "emea",
                "stage", "closing", "amount", "200.25", "currency", "USD");
        event("P3", day(0), "OpportunityOpened", "repId", "rep-3", "teamId", "team-b", "regionId", "amer",
                "stage", "closing", "amount", Map.of("value", 0.1, "currency", "USD"));
        event("P4", day(0), "OpportunityOpened", "repId", "rep-3", "teamId", "team-b", "regionId", "amer",
                "stage", "closing", "amount", 7, "currency", "USD");
        lost("P4", day(1));
        JsonNode pipeline = oracle().pipeline("team", day(5));
        JsonExpectations.assertMatches(exactJson("""
                {"groupBy":"team","currency":"USD","warnings":[],"groups":[
                 {"group":"team-a","count":2,"amount":1200.35,"stages":[
                  {"stage":"prospecting","count":1,"amount":1000.1},{"stage":"qualification","count":0,"amount":0},
                  {"stage":"development","count":0,"amount":0},{"stage":"presentation","count":0,"amount":0},
                  {"stage":"discussion","count":0,"amount":0},{"stage":"closing","count":1,"amount":200.25}]},
                 {"group":"team-b","count":1,"amount":0.1,"stages":[
                  {"stage":"prospecting","count":0,"amount":0},{"stage":"qualification","count":0,"amount":0},
                  {"stage":"development","count":0,"amount":0},{"stage":"presentation","count":0,"amount":0},
                  {"stage":"discussion","count":0,"amount":0},{"stage":"closing","count":1,"amount":0.1}]}]}
                """), pipeline);
        assertThat(pipeline.at("/groups/0/amount").decimalValue()).isEqualByComparingTo("1200.35");
        // Amounts are exact decimals: a cent off fails.
        assertThat(JsonExpectations.mismatches(pipeline.at("/groups/0/amount"),
                MAPPER.getNodeFactory().numberNode(new BigDecimal("1200.349999999999")))).hasSize(1);
    }

    // ------------------------------------------------------------------ the comparison itself

    @Nested
    class Comparison {

        @Test
        void missingEqualsNull() {
            JsonExpectations.assertMatches(json("{\"a\":1,\"b\":null}"), json("{\"a\":1}"));
            JsonExpectations.assertMatches(json("{\"a\":1}"), json("{\"a\":1,\"b\":null}"));
        }

        @Test
        void extraOrMissingValuesFail() {
            assertThat(JsonExpectations.mismatches(json("{\"a\":1}"), json("{\"a\":1,\"b\":2}")))
                    .containsExactly("$.b: expected (missing) but was 2");
            assertThat(JsonExpectations.mismatches(json("{\"a\":{\"c\":[1,2]}}"), json("{\"a\":{\"c\":[1]}}")))
                    .satisfiesExactly(m -> assertThat(m).startsWith("$.a.c: expected 2 elements but was 1"));
            assertThat(JsonExpectations.mismatches(json("[1,2]"), json("[2,1]")))
                    .containsExactly("$[0]: expected 1 but was 2", "$[1]: expected 2 but was 1");
        }

        @Test
        void numbersByKind() {
            // Floating: 1e-9 absolute.
            JsonExpectations.assertMatches(json("{\"r\":0.5}"), json("{\"r\":0.5000000001}"));
            assertThat(JsonExpectations.mismatches(json("{\"r\":0.5}"), json("{\"r\":0.500000002}"))).hasSize(1);
            // Integers exactly.
            assertThat(JsonExpectations.mismatches(json("{\"n\":3}"), json("{\"n\":4}"))).hasSize(1);
            assertThat(JsonExpectations.mismatches(json("{\"n\":3}"), json("{\"n\":3.0000000001}"))).hasSize(1);
            // Exact decimals by value, whatever the scale.
            JsonNode money = MAPPER.createObjectNode().put("amount", new BigDecimal("100.10"));
            JsonExpectations.assertMatches(money, json("{\"amount\":100.1}"));
            assertThat(JsonExpectations.mismatches(money, json("{\"amount\":100.1000000001}"))).hasSize(1);
            // Types.
            assertThat(JsonExpectations.mismatches(json("{\"n\":3}"), json("{\"n\":\"3\"}"))).hasSize(1);
            assertThat(JsonExpectations.mismatches(json("{\"s\":\"x\"}"), json("{\"s\":\"y\"}")))
                    .containsExactly("$.s: expected \"x\" but was \"y\"");
        }

        @Test
        void echoFieldsAreNotComparedButTheRestIs() {
            JsonExpectations.assertMatches(json("{\"asOf\":\"2026-01-01T00:00:00Z\",\"from\":\"x\",\"groups\":[]}"),
                    json("{\"asOf\":\"2026-01-01\",\"groups\":[]}"));
            assertThatThrownBy(() -> JsonExpectations.assertMatches(json("{\"groups\":[{\"asOf\":1}]}"),
                    json("{\"groups\":[{\"asOf\":2}]}")))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("$.groups[0].asOf: expected 1 but was 2");
        }
    }

    // ------------------------------------------------------------------ a generated history: scale and consistency

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void generatedHistoryIsFastAndConsistent() {
        Instant end = Instant.parse("2026-11-22T00:00:00Z");
        List<CrmEvent> history = new CrmHistoryGenerator()
                .generate(CrmHistoryGenerator.Settings.twoYears(7, end)).events();
        long started = System.nanoTime();
        MetricsOracle oracle = new MetricsOracle(history);
        Instant asOf = end.minus(Duration.ofDays(30));
        JsonNode all = oracle.conversion("all", null, null, asOf, null);
        JsonNode byRep = oracle.conversion("rep", null, null, asOf, null);
        JsonNode byRepMonth = oracle.conversion("rep", null, null, asOf, "month");
        JsonNode winAll = oracle.winRates("all", asOf);
        JsonNode winRep = oracle.winRates("rep", asOf);
        JsonNode pipeAll = oracle.pipeline("all", asOf);
        JsonNode pipeRegion = oracle.pipeline("region", asOf);
        JsonNode maturity = oracle.maturity(asOf);
        JsonNode card = oracle.scorecard("rep-01", asOf);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isLessThan(Duration.ofSeconds(20));

        for (String field : List.of("entered", "advanced", "won", "lost", "open")) {
            long total = all.at("/groups/0/stages").findValues(field).stream().mapToLong(JsonNode::asLong).sum();
            assertThat(total).as(field).isPositive();
            assertThat(byRep.findValues(field).stream().mapToLong(JsonNode::asLong).sum()).as(field).isEqualTo(total);
            assertThat(byRepMonth.findValues(field).stream().mapToLong(JsonNode::asLong).sum()).as(field)
                    .isEqualTo(total);
        }
        assertThat(byRep.findValues("wonDeals").stream().mapToLong(JsonNode::asLong).sum())
                .isEqualTo(all.at("/groups/0/wonDeals").asLong());
        assertThat(winRep.findValues("won").stream().mapToLong(JsonNode::asLong).sum())
                .isEqualTo(winAll.at("/groups/0/won").asLong());
        assertThat(pipeRegion.findValues("amount").stream().map(JsonNode::decimalValue)
                .reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(pipeAll.findValues("amount").stream().map(JsonNode::decimalValue)
                        .reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(maturity.at("/evidence/repsMeasured").asInt()).isEqualTo(40);
        assertThat(maturity.at("/evidence/adherence").asDouble()).isBetween(0.0, 1.0);
        assertThat(card.get("stages")).hasSize(6);
        // Every deal ever opened before asOf entered a first visit: prospecting + qualification openings.
        long opened = history.stream().filter(e -> e.type().equals("OpportunityOpened")
                && e.occurredAt().isBefore(asOf)).count();
        long reopened = history.stream().filter(e -> e.type().equals("OpportunityReopened")
                && e.occurredAt().isBefore(asOf)).count();
        long moves = history.stream().filter(e -> e.type().equals("StageChanged")
                && e.occurredAt().isBefore(asOf)).count();
        long wins = history.stream().filter(e -> e.type().equals("OpportunityWon")
                && e.occurredAt().isBefore(asOf)).count();
        long entered = all.findValues("entered").stream().mapToLong(JsonNode::asLong).sum();
        assertThat(entered).isEqualTo(opened + reopened + moves + wins);
        assertThat(all.at("/groups/0/wonDeals").asLong()).isEqualTo(wins);
    }

    // ------------------------------------------------------------------ building histories

    private MetricsOracle oracle() {
        return new MetricsOracle(events);
    }

    private static Instant day(double days) {
        return T0.plusMillis(Math.round(days * 86_400_000));
    }

    /** Deals opened in closing a day apart and won or lost a day later. */
    private void closedDeals(String rep, String team, int won, int lost) {
        for (int i = 0; i < won + lost; i++) {
            String deal = rep + "-" + team + "-" + i;
            opened(deal, day(i), rep, team, "emea", "closing", 1_000);
            if (i < won) {
                event(deal, day(i + 1), "OpportunityWon");
            } else {
                lost(deal, day(i + 1));
            }
        }
    }

    private void opened(String deal, Instant at, String rep, String team, String region, String stage, long amount) {
        event(deal, at, "OpportunityOpened", "repId", rep, "teamId", team, "regionId", region, "stage", stage,
                "amount", amount, "currency", "USD");
    }

    private void moved(String deal, Instant at, String toStage) {
        event(deal, at, "StageChanged", "toStage", toStage);
    }

    private void milestone(String deal, Instant at, String milestone, String kind) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", kind);
        evidence.put("reference", "ref");
        event(deal, at, "MilestoneAchieved", "milestoneId", milestone, "evidence", evidence, "actor", "someone");
    }

    private void reassigned(String deal, Instant at, String rep, String team, String region) {
        event(deal, at, "OwnerReassigned", "repId", rep, "teamId", team, "regionId", region);
    }

    private void lost(String deal, Instant at) {
        event(deal, at, "OpportunityLost", "reason", "no budget");
    }

    private void reopened(String deal, Instant at, String stage) {
        event(deal, at, "OpportunityReopened", "stage", stage);
    }

    private void event(String deal, Instant at, String type, Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        int n = sequence.merge(deal, 1, Integer::sum);
        events.add(new CrmEvent(deal + ":" + n, type, deal, at, fields));
    }

    private static JsonNode stage(JsonNode withStages, String stage) {
        for (JsonNode node : withStages.get("stages")) {
            if (node.get("stage").asText().equals(stage)) {
                return node;
            }
        }
        throw new AssertionError("no stage " + stage + " in " + withStages);
    }

    private static JsonNode exactJson(String text) {
        try {
            return EXACT.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
