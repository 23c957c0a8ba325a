package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.AmountRevisedEvent;
import io.pipelineledger.events.CloseDateRevisedEvent;
import io.pipelineledger.events.ForecastCategory;
import io.pipelineledger.events.ForecastCategorySetEvent;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityReopenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.OwnerReassignedEvent;
import io.pipelineledger.events.StageChangedEvent;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.ids.AccountId;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated CRM histories ({@link CrmHistoryGenerator}) turned into the domain events the command side stores
 * (milestones skipped: the forecast does not read them), optionally renamed with a prefix so several histories add
 * up to one larger ledger. Adapted from the query side's DomainHistories test helper.
 */
final class GeneratedHistories {

    private static final StageId WON_STAGE = StageId.of("account-management");

    private final String prefix;
    private final Map<String, StageId> stages = new HashMap<>();

    GeneratedHistories(String prefix) {
        this.prefix = prefix;
    }

    /** A generated history of {@code reps} reps over [start, end), as deal histories. */
    static DealHistories generate(long seed, int reps, int teamsPerRegion, Instant start, Instant end,
                                  double dealsPerRepPerMonth) {
        CrmHistoryGenerator.Settings settings = new CrmHistoryGenerator.Settings(seed, reps, teamsPerRegion, start,
                end, dealsPerRepPerMonth, 0.05, 0.05);
        DealHistories.Builder builder = DealHistories.builder();
        new GeneratedHistories("").addAll(new CrmHistoryGenerator().generate(settings).events(), builder);
        return builder.build();
    }

    /** The same history as domain events, in delivery order (late facts late). */
    static List<OpportunityEvent> events(long seed, int reps, int teamsPerRegion, Instant start, Instant end,
                                         double dealsPerRepPerMonth) {
        CrmHistoryGenerator.Settings settings = new CrmHistoryGenerator.Settings(seed, reps, teamsPerRegion, start,
                end, dealsPerRepPerMonth, 0.05, 0.05);
        GeneratedHistories converter = new GeneratedHistories("");
        List<OpportunityEvent> events = new java.util.ArrayList<>();
        for (CrmEvent event : new CrmHistoryGenerator().generate(settings).events()) {
            OpportunityEvent domain = converter.convert(event);
            if (domain != null) {
                events.add(domain);
            }
        }
        return events;
    }

    void addAll(List<CrmEvent> events, DealHistories.Builder builder) {
        for (CrmEvent event : events) {
            OpportunityEvent domain = convert(event);
            if (domain != null) {
                builder.add(domain);
            }
        }
    }

    /** The domain event, or null for a milestone. */
    OpportunityEvent convert(CrmEvent event) {
        Map<String, Object> f = event.fields();
        String deal = prefix + event.opportunityId();
        OpportunityId id = OpportunityId.of(deal);
        Instant at = event.occurredAt();
        String eventId = prefix + event.eventId();
        return switch (event.type()) {
            case "OpportunityOpened" -> {
                StageId stage = StageId.of((String) f.get("stage"));
                stages.put(deal, stage);
                yield new OpportunityOpenedEvent(eventId, id, at, RepId.of(prefix + f.get("repId")),
                        TeamId.of(prefix + f.get("teamId")), RegionId.of((String) f.get("regionId")),
                        AccountId.of((String) f.get("accountId")), stage, money(f.get("amount")),
                        LocalDate.parse((String) f.get("expectedCloseDate")), (String) f.get("source"), 1);
            }
            case "MilestoneAchieved" -> null;
            case "StageChanged" -> {
                StageId to = StageId.of((String) f.get("toStage"));
                StageId from = stages.put(deal, to);
                yield new StageChangedEvent(eventId, id, at, from, to, null, List.of(), List.of());
            }
            case "AmountRevised" -> new AmountRevisedEvent(eventId, id, at, null, money(f.get("amount")));
            case "CloseDateRevised" -> new CloseDateRevisedEvent(eventId, id, at, null,
                    LocalDate.parse((String) f.get("expectedCloseDate")));
            case "ForecastCategorySet" -> new ForecastCategorySetEvent(eventId, id, at,
                    ForecastCategory.valueOf((String) f.get("category")));
            case "OwnerReassigned" -> new OwnerReassignedEvent(eventId, id, at, null,
                    RepId.of(prefix + f.get("repId")), TeamId.of(prefix + f.get("teamId")),
                    RegionId.of((String) f.get("regionId")));
            case "OpportunityWon" -> new OpportunityWonEvent(eventId, id, at, money(f.get("amount")),
                    stages.put(deal, WON_STAGE), WON_STAGE, List.of(), List.of());
            case "OpportunityLost" -> new OpportunityLostEvent(eventId, id, at, (String) f.get("reason"),
                    stages.get(deal));
            case "OpportunityReopened" -> {
                StageId stage = StageId.of((String) f.get("stage"));
                yield new OpportunityReopenedEvent(eventId, id, at, stage, stages.put(deal, stage), false);
            }
            default -> throw new IllegalArgumentException("unknown generated event type " + event.type());
        };
    }

    private static Money money(Object amount) {
        return new Money(BigDecimal.valueOf(((Number) amount).longValue()), "USD");
    }
}
