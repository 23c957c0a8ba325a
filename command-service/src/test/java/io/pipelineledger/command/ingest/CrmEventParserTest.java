package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.Evidence;
import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.ForecastCategory;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.ids.AccountId;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** From CRM JSON to commands: every event type with all its fields, and a 400 naming the field for bad input. */
class CrmEventParserTest {

    private static final ObjectMapper JSON = EventJson.mapper();
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final OpportunityId OPP = OpportunityId.of("opp-1");

    private final CrmEventParser parser = new CrmEventParser(Clock.fixed(NOW, ZoneOffset.UTC), SKEW, "USD");

    @Nested
    class EveryType {

        @Test
        void opportunityOpenedWithEveryField() throws Exception {
            assertThat(parse("""
                    {"eventId":"evt-1","type":"OpportunityOpened","opportunityId":"opp-1",
                     "occurredAt":"2026-03-01T10:00:00Z","repId":"rep-ann","teamId":"team-east","regionId":"emea",
                     "accountId":"acme","stage":"qualification","amount":"50000.50","currency":"EUR",
                     "expectedCloseDate":"2026-06-30","source":"salesforce"}"""))
                    .isEqualTo(new OpenOpportunityCommand("evt-1", OPP, AT, RepId.of("rep-ann"),
                            TeamId.of("team-east"), RegionId.of("emea"), AccountId.of("acme"),
                            StageId.of("qualification"), new Money(new BigDecimal("50000.5"), "EUR"),
                            LocalDate.of(2026, 6, 30), "salesforce"));
        }

        @Test
        void opportunityOpenedWithOnlyTheRequiredFieldsTakesTheDefaultCurrency() throws Exception {
            assertThat(parse("""
                    {"eventId":"evt-1","type":"OpportunityOpened","opportunityId":"opp-1",
                     "occurredAt":"2026-03-01T10:00:00Z","repId":"rep-ann","stage":"prospecting","amount":1200}"""))
                    .isEqualTo(new OpenOpportunityCommand("evt-1", OPP, AT, RepId.of("rep-ann"), null, null, null,
                            StageId.of("prospecting"), new Money(new BigDecimal("1200"), "USD"), null, null));
        }

        @Test
        void milestoneAchievedWithAnEvidenceObject() throws Exception {
            assertThat(parse("""
                    {"eventId":"evt-2","type":"MilestoneAchieved","opportunityId":"opp-1",
                     "occurredAt":"2026-03-01T10:00:00Z","milestoneId":"budget-confirmed",
                     "evidence":{"kind":"DOCUMENT","reference":"mail:123","buyerContact":"cfo@acme.example"},
                     "actor":"rep-ann"}"""))
                    .isEqualTo(new RecordMilestoneCommand("evt-2", OPP, AT, MilestoneId.of("budget-confirmed"),
                            new Evidence(EvidenceKind.DOCUMENT, "mail:123", "cfo@acme.example"), "rep-ann"));
        }

        @Test
        void milestoneAchievedWithABareEvidenceKindInAnyCase() throws Exception {
            assertThat(parse("""
                    {"eventId":"evt-2","type":"MilestoneAchieved","opportunityId":"opp-1",
                     "occurredAt":"2026-03-01T10:00:00Z","milestoneId":"pain-confirmed","evidence":"buyer_action"}"""))
                    .isEqualTo(new RecordMilestoneCommand("evt-2", OPP, AT, MilestoneId.of("pain-confirmed"),
                            new Evidence(EvidenceKind.BUYER_ACTION, null, null), null));
        }

        @Test
        void stageChanged() throws Exception {
            assertThat(parse(event("StageChanged").put("toStage", "development")))
                    .isEqualTo(new ChangeStageCommand("evt-1", OPP, AT, StageId.of("development")));
        }

        @Test
        void amountRevised() throws Exception {
            assertThat(parse(event("AmountRevised").put("amount", "75000.125000")))
                    .isEqualTo(new ReviseAmountCommand("evt-1", OPP, AT, new BigDecimal("75000.125")));
        }

        @Test
        void closeDateRevised() throws Exception {
            assertThat(parse(event("CloseDateRevised").put("expectedCloseDate", "2026-09-30")))
                    .isEqualTo(new ReviseCloseDateCommand("evt-1", OPP, AT, LocalDate.of(2026, 9, 30)));
        }

        @Test
        void ownerReassignedWithTeamAndRegion() throws Exception {
            assertThat(parse(event("OwnerReassigned").put("repId", "rep-bob").put("teamId", "team-west")
                    .put("regionId", "na")))
                    .isEqualTo(new ReassignOwnerCommand("evt-1", OPP, AT, RepId.of("rep-bob"),
                            TeamId.of("team-west"), RegionId.of("na")));
        }

        @Test
        void ownerReassignedWithoutTeamAndRegion() throws Exception {
            assertThat(parse(event("OwnerReassigned").put("repId", "rep-bob")))
                    .isEqualTo(new ReassignOwnerCommand("evt-1", OPP, AT, RepId.of("rep-bob"), null, null));
        }

        @Test
        void forecastCategorySetInAnyCase() throws Exception {
            assertThat(parse(event("ForecastCategorySet").put("category", "best_case")))
                    .isEqualTo(new SetForecastCategoryCommand("evt-1", OPP, AT, ForecastCategory.BEST_CASE));
        }

        @Test
        void opportunityWonWithAnAmount() throws Exception {
            assertThat(parse(event("OpportunityWon").put("amount", 48000)))
                    .isEqualTo(new WinOpportunityCommand("evt-1", OPP, AT, new BigDecimal("48000")));
        }

        @Test
        void opportunityWonWithoutAnAmount() throws Exception {
            assertThat(parse(event("OpportunityWon")))
                    .isEqualTo(new WinOpportunityCommand("evt-1", OPP, AT, null));
        }

        @Test
        void opportunityLost() throws Exception {
            assertThat(parse(event("OpportunityLost").put("reason", "went with a competitor")))
                    .isEqualTo(new LoseOpportunityCommand("evt-1", OPP, AT, "went with a competitor"));
        }

        @Test
        void opportunityReopened() throws Exception {
            assertThat(parse(event("OpportunityReopened").put("stage", "discussion")))
                    .isEqualTo(new ReopenOpportunityCommand("evt-1", OPP, AT, StageId.of("discussion")));
        }
    }

    @Nested
    class Values {

        @Test
        void aDateOnlyOccurredAtIsTheStartOfThatDayInUtc() throws Exception {
            assertThat(parse(event("OpportunityLost").put("occurredAt", "2026-03-01")).occurredAt())
                    .isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        }

        @Test
        void anOffsetDateTimeIsConvertedToTheInstant() throws Exception {
            assertThat(parse(event("OpportunityLost").put("occurredAt", "2026-03-01T10:00:00+02:00")).occurredAt())
                    .isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
        }

        @Test
        void anOccurredAtWithinTheAllowedClockSkewIsAccepted() throws Exception {
            Instant edge = NOW.plus(SKEW);
            assertThat(parse(event("OpportunityLost").put("occurredAt", edge.toString())).occurredAt())
                    .isEqualTo(edge);
        }

        @Test
        void theEpochIsAccepted() throws Exception {
            assertThat(parse(event("OpportunityLost").put("occurredAt", "1970-01-01T00:00:00Z")).occurredAt())
                    .isEqualTo(Instant.EPOCH);
        }

        @Test
        void anIdOf128CharactersIsAccepted() throws Exception {
            String id = "a".repeat(128);
            assertThat(parse(event("OpportunityLost").put("eventId", id)).eventId()).isEqualTo(id);
        }

        @Test
        void anAmountInExponentNotationIsAPlainNumber() throws Exception {
            assertThat(((ReviseAmountCommand) parse(event("AmountRevised").put("amount", "1E+3"))).amount())
                    .isEqualTo(new BigDecimal("1000"));
        }

        @Test
        void anAmountWithSixDecimalsIsAccepted() throws Exception {
            assertThat(((ReviseAmountCommand) parse(event("AmountRevised").put("amount", "0.123456"))).amount())
                    .isEqualTo(new BigDecimal("0.123456"));
        }

        @Test
        void theEventIdOfARawEventIsReadWhenItIsText() throws Exception {
            assertThat(CrmEventParser.eventIdOf(event("OpportunityLost"))).isEqualTo("evt-1");
            assertThat(CrmEventParser.eventIdOf(event("OpportunityLost").put("eventId", 7))).isNull();
            assertThat(CrmEventParser.eventIdOf(JSON.readTree("[1,2]"))).isNull();
            assertThat(CrmEventParser.eventIdOf(null)).isNull();
        }
    }

    @Nested
    class BadInput {

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"OpportunityOpened\"", "42", "null"})
        void aBodyThatIsNotAnObject(String json) throws Exception {
            assertRejected(JSON.readTree(json), "body");
        }

        @Test
        void noBodyAtAll() {
            assertRejected(null, "body");
        }

        static Stream<Arguments> badFields() {
            return Stream.of(
                    bad("eventId", "OpportunityLost", e -> e.remove("eventId")),
                    bad("eventId", "OpportunityLost", e -> e.putNull("eventId")),
                    bad("eventId", "OpportunityLost", e -> e.put("eventId", "")),
                    bad("eventId", "OpportunityLost", e -> e.put("eventId", "   ")),
                    bad("eventId", "OpportunityLost", e -> e.put("eventId", "evt 1")),
                    bad("eventId", "OpportunityLost", e -> e.put("eventId", "evt/1")),
                    bad("eventId", "OpportunityLost", e -> e.put("eventId", "a".repeat(129))),
                    bad("eventId", "OpportunityLost", e -> e.put("eventId", 42)),
                    bad("type", "OpportunityLost", e -> e.remove("type")),
                    bad("type", "OpportunityLost", e -> e.put("type", "OpportunityClosed")),
                    bad("type", "OpportunityLost", e -> e.put("type", "")),
                    bad("type", "OpportunityLost", e -> e.put("type", 3)),
                    bad("opportunityId", "OpportunityLost", e -> e.remove("opportunityId")),
                    bad("opportunityId", "OpportunityLost", e -> e.put("opportunityId", "opp#1")),
                    bad("opportunityId", "OpportunityLost", e -> e.put("opportunityId", "o".repeat(129))),
                    bad("occurredAt", "OpportunityLost", e -> e.remove("occurredAt")),
                    bad("occurredAt", "OpportunityLost", e -> e.put("occurredAt", "yesterday")),
                    bad("occurredAt", "OpportunityLost", e -> e.put("occurredAt", "2026-03-01T10:00:00")),
                    bad("occurredAt", "OpportunityLost", e -> e.put("occurredAt", "2026-13-01")),
                    bad("occurredAt", "OpportunityLost", e -> e.put("occurredAt",
                            NOW.plus(SKEW).plusSeconds(1).toString())),
                    bad("occurredAt", "OpportunityLost", e -> e.put("occurredAt", "1969-12-31T23:59:59Z")),
                    bad("occurredAt", "OpportunityLost", e -> e.put("occurredAt", 1772359200000L)),
                    bad("reason", "OpportunityLost", e -> e.put("reason", 12)),
                    bad("reason", "OpportunityLost", e -> e.put("reason", "x".repeat(JsonInput.MAX_TEXT + 1))),
                    bad("repId", "OpportunityOpened", e -> e.remove("repId")),
                    bad("repId", "OpportunityOpened", e -> e.put("repId", "rep ann")),
                    bad("repId", "OpportunityOpened", e -> e.put("repId", "r".repeat(129))),
                    bad("repId", "OpportunityOpened", e -> e.put("repId", 7)),
                    bad("teamId", "OpportunityOpened", e -> e.put("teamId", "team east")),
                    bad("regionId", "OpportunityOpened", e -> e.put("regionId", "émea")),
                    bad("accountId", "OpportunityOpened", e -> e.put("accountId", true)),
                    bad("stage", "OpportunityOpened", e -> e.remove("stage")),
                    bad("stage", "OpportunityOpened", e -> e.put("stage", "Stage One")),
                    bad("source", "OpportunityOpened", e -> e.put("source", 1)),
                    bad("amount", "OpportunityOpened", e -> e.remove("amount")),
                    bad("amount", "OpportunityOpened", e -> e.put("amount", -1)),
                    bad("amount", "OpportunityOpened", e -> e.put("amount", "-0.01")),
                    bad("amount", "OpportunityOpened", e -> e.put("amount", "lots")),
                    bad("amount", "OpportunityOpened", e -> e.put("amount", "")),
                    bad("amount", "OpportunityOpened", e -> e.put("amount", true)),
                    bad("amount", "OpportunityOpened", e -> e.put("amount", "1.1234567")),
                    bad("amount", "OpportunityOpened", e -> e.put("amount", 0.1234567)),
                    bad("amount", "OpportunityOpened", e -> e.put("amount", "2e15")),
                    bad("currency", "OpportunityOpened", e -> e.put("currency", "EURO")),
                    bad("currency", "OpportunityOpened", e -> e.put("currency", "XYZ")),
                    bad("currency", "OpportunityOpened", e -> e.put("currency", 978)),
                    bad("expectedCloseDate", "OpportunityOpened", e -> e.put("expectedCloseDate", "30/06/2026")),
                    bad("expectedCloseDate", "OpportunityOpened", e -> e.put("expectedCloseDate", "2026-02-30")),
                    bad("expectedCloseDate", "OpportunityOpened", e -> e.put("expectedCloseDate", "2201-01-01")),
                    bad("expectedCloseDate", "CloseDateRevised", e -> e.remove("expectedCloseDate")),
                    bad("amount", "AmountRevised", e -> e.remove("amount")),
                    bad("amount", "OpportunityWon", e -> e.put("amount", "-5")),
                    bad("toStage", "StageChanged", e -> e.remove("toStage")),
                    bad("toStage", "StageChanged", e -> e.put("toStage", "closed won")),
                    bad("stage", "OpportunityReopened", e -> e.put("stage", "")),
                    bad("repId", "OwnerReassigned", e -> e.remove("repId")),
                    bad("category", "ForecastCategorySet", e -> e.remove("category")),
                    bad("category", "ForecastCategorySet", e -> e.put("category", "MAYBE")),
                    bad("category", "ForecastCategorySet", e -> e.put("category", 2)),
                    bad("milestoneId", "MilestoneAchieved", e -> e.put("milestoneId", "budget confirmed")),
                    bad("evidence", "MilestoneAchieved", e -> e.remove("evidence")),
                    bad("evidence", "MilestoneAchieved", e -> e.put("evidence", "HUNCH")),
                    bad("evidence", "MilestoneAchieved", e -> e.put("evidence", 1)),
                    bad("evidence.kind", "MilestoneAchieved", e -> e.putObject("evidence").put("kind", "HUNCH")),
                    bad("evidence.kind", "MilestoneAchieved", e -> e.putObject("evidence").put("reference", "x")),
                    bad("evidence.reference", "MilestoneAchieved", e -> e.putObject("evidence")
                            .put("kind", "DOCUMENT").put("reference", 5)),
                    bad("actor", "MilestoneAchieved", e -> e.put("actor", 5)));
        }

        @ParameterizedTest(name = "[{index}] {1}: {0}")
        @MethodSource("badFields")
        void isRefusedNamingTheField(String field, String type, ObjectNode event) {
            assertRejected(event, field);
        }

        /** A valid event of the type, spoiled by {@code spoil}, that must be refused for {@code field}. */
        private static Arguments bad(String field, String type, Consumer<ObjectNode> spoil) {
            ObjectNode event = valid(type);
            spoil.accept(event);
            return Arguments.of(field, type, event);
        }
    }

    /** The spoiled events start valid: each type's baseline parses, so a refusal is down to the one change. */
    @ParameterizedTest
    @ValueSource(strings = {"OpportunityOpened", "MilestoneAchieved", "StageChanged", "AmountRevised",
            "CloseDateRevised", "OwnerReassigned", "ForecastCategorySet", "OpportunityWon", "OpportunityLost",
            "OpportunityReopened"})
    void theBaselineOfEveryTypeIsValid(String type) throws Exception {
        assertThat(parse(valid(type)).eventId()).isEqualTo("evt-1");
    }

    // --- helpers

    private OpportunityCommand parse(String json) throws JsonProcessingException, CommandRejectedException {
        return parser.parse(JSON.readTree(json));
    }

    private OpportunityCommand parse(JsonNode event) throws CommandRejectedException {
        return parser.parse(event);
    }

    private void assertRejected(JsonNode event, String field) {
        CommandRejectedException rejected = catchThrowableOfType(CommandRejectedException.class,
                () -> parser.parse(event));
        assertThat(rejected).as("refusal of %s", event).isNotNull();
        assertThat(rejected.status()).as(rejected.getMessage()).isEqualTo(400);
        assertThat(rejected.field()).as(rejected.getMessage()).isEqualTo(field);
        assertThat(rejected.unmetExitCriteria()).isEmpty();
    }

    /** The fields every event has. */
    private static ObjectNode event(String type) {
        return JSON.createObjectNode().put("eventId", "evt-1").put("type", type).put("opportunityId", "opp-1")
                .put("occurredAt", AT.toString());
    }

    /** A complete, valid event of the type. */
    private static ObjectNode valid(String type) {
        ObjectNode event = event(type);
        switch (type) {
            case "OpportunityOpened" -> event.put("repId", "rep-ann").put("teamId", "team-east")
                    .put("regionId", "emea").put("accountId", "acme").put("stage", "prospecting")
                    .put("amount", "50000").put("currency", "EUR").put("expectedCloseDate", "2026-06-30")
                    .put("source", "salesforce");
            case "MilestoneAchieved" -> event.put("milestoneId", "first-meeting-accepted").put("actor", "rep-ann")
                    .putObject("evidence").put("kind", "BUYER_ACTION").put("reference", "cal:1");
            case "StageChanged" -> event.put("toStage", "qualification");
            case "AmountRevised" -> event.put("amount", 60000);
            case "CloseDateRevised" -> event.put("expectedCloseDate", "2026-07-31");
            case "OwnerReassigned" -> event.put("repId", "rep-bob");
            case "ForecastCategorySet" -> event.put("category", "COMMIT");
            case "OpportunityWon" -> event.put("amount", "61000");
            case "OpportunityLost" -> event.put("reason", "no budget");
            case "OpportunityReopened" -> event.put("stage", "qualification");
            default -> throw new IllegalArgumentException(type);
        }
        return event;
    }
}
