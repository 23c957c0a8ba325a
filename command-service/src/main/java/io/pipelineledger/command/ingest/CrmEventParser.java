package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.pipelineledger.command.ingest.JsonInput.bad;

/**
 * Turns one CRM event (the JSON of the contract) into a command, or refuses it with a 400 naming the field.
 * Only the shape is checked here; whether the fact fits the recorded opportunity is the aggregate's call. Strict: a
 * field the event's type does not have is refused by name (with the nearest known name for a typo), never ignored.
 */
public final class CrmEventParser {

    public static final List<String> TYPES = List.of("OpportunityOpened", "MilestoneAchieved", "StageChanged",
            "AmountRevised", "CloseDateRevised", "OwnerReassigned", "ForecastCategorySet", "OpportunityWon",
            "OpportunityLost", "OpportunityReopened");

    /** The fields every event has. */
    static final List<String> COMMON_FIELDS = List.of("eventId", "type", "opportunityId", "occurredAt");
    static final List<String> EVIDENCE_FIELDS = List.of("kind", "reference", "buyerContact");

    /** The fields each type may carry besides the common ones (the contract's table): any other is refused. */
    static final Map<String, List<String>> TYPE_FIELDS = Map.of(
            "OpportunityOpened", List.of("repId", "teamId", "regionId", "accountId", "stage", "amount", "currency",
                    "expectedCloseDate", "source"),
            "MilestoneAchieved", List.of("milestoneId", "evidence", "actor"),
            "StageChanged", List.of("toStage"),
            "AmountRevised", List.of("amount"),
            "CloseDateRevised", List.of("expectedCloseDate"),
            "OwnerReassigned", List.of("repId", "teamId", "regionId"),
            "ForecastCategorySet", List.of("category"),
            "OpportunityWon", List.of("amount"),
            "OpportunityLost", List.of("reason"),
            "OpportunityReopened", List.of("stage"));

    private static final Map<String, List<String>> KNOWN_FIELDS = TYPES.stream().collect(Collectors.toUnmodifiableMap(
            type -> type, type -> Stream.concat(COMMON_FIELDS.stream(), TYPE_FIELDS.get(type).stream()).toList()));

    private final Clock clock;
    private final Duration allowedClockSkew;
    private final String defaultCurrency;

    public CrmEventParser(Clock clock, Duration allowedClockSkew, String defaultCurrency) {
        this.clock = clock;
        this.allowedClockSkew = allowedClockSkew;
        this.defaultCurrency = defaultCurrency;
    }

    /** The event id of a raw event if it has a readable one, for reporting rejections. */
    public static String eventIdOf(JsonNode node) {
        JsonNode id = node == null ? null : node.get("eventId");
        return id != null && id.isTextual() ? id.asText() : null;
    }

    public OpportunityCommand parse(JsonNode node) throws CommandRejectedException {
        JsonInput in = JsonInput.object(node, "");
        String eventId = in.id("eventId", true, s -> s);
        String type = in.text("type", true);
        if (!TYPES.contains(type)) {
            throw bad("type", "must be one of " + TYPES + " (was '" + type + "')");
        }
        in.allowOnly(KNOWN_FIELDS.get(type), "an event of type " + type);
        OpportunityId opportunityId = in.id("opportunityId", true, OpportunityId::of);
        Instant occurredAt = in.instant("occurredAt", true, clock.instant().plus(allowedClockSkew));
        return switch (type) {
            case "OpportunityOpened" -> new OpenOpportunityCommand(eventId, opportunityId, occurredAt,
                    in.id("repId", true, RepId::of), in.id("teamId", false, TeamId::of),
                    in.id("regionId", false, RegionId::of), in.id("accountId", false, AccountId::of),
                    in.id("stage", true, StageId::of),
                    new Money(in.amount("amount", true), in.currency("currency", defaultCurrency)),
                    in.date("expectedCloseDate", false), in.text("source", false));
            case "MilestoneAchieved" -> new RecordMilestoneCommand(eventId, opportunityId, occurredAt,
                    in.id("milestoneId", true, MilestoneId::of), evidence(in), in.text("actor", false));
            case "StageChanged" -> new ChangeStageCommand(eventId, opportunityId, occurredAt,
                    in.id("toStage", true, StageId::of));
            case "AmountRevised" -> new ReviseAmountCommand(eventId, opportunityId, occurredAt,
                    in.amount("amount", true));
            case "CloseDateRevised" -> new ReviseCloseDateCommand(eventId, opportunityId, occurredAt,
                    in.date("expectedCloseDate", true));
            case "OwnerReassigned" -> new ReassignOwnerCommand(eventId, opportunityId, occurredAt,
                    in.id("repId", true, RepId::of), in.id("teamId", false, TeamId::of),
                    in.id("regionId", false, RegionId::of));
            case "ForecastCategorySet" -> new SetForecastCategoryCommand(eventId, opportunityId, occurredAt,
                    in.enumValue("category", ForecastCategory.class, null));
            case "OpportunityWon" -> new WinOpportunityCommand(eventId, opportunityId, occurredAt,
                    in.amount("amount", false));
            case "OpportunityLost" -> new LoseOpportunityCommand(eventId, opportunityId, occurredAt,
                    in.freeText("reason", false));
            case "OpportunityReopened" -> new ReopenOpportunityCommand(eventId, opportunityId, occurredAt,
                    in.id("stage", true, StageId::of));
            default -> throw new IllegalStateException("unhandled type " + type);
        };
    }

    /** {@code {"kind":…,"reference":…,"buyerContact":…}}; a bare kind string is accepted as shorthand. */
    private static Evidence evidence(JsonInput in) throws CommandRejectedException {
        JsonNode raw = in.raw("evidence");
        if (raw == null) {
            throw bad("evidence", "is required: {\"kind\":\"BUYER_ACTION\",\"reference\":…,\"buyerContact\":…}");
        }
        if (raw.isTextual()) {
            return new Evidence(in.enumValue("evidence", EvidenceKind.class, null), null, null);
        }
        JsonInput evidence = JsonInput.object(raw, "evidence");
        evidence.allowOnly(EVIDENCE_FIELDS, "evidence");
        return new Evidence(evidence.enumValue("kind", EvidenceKind.class, null),
                evidence.freeText("reference", false), evidence.text("buyerContact", false));
    }
}
