package io.pipelineledger.query.bench;

import io.pipelineledger.events.AmountRevisedEvent;
import io.pipelineledger.events.CloseDateRevisedEvent;
import io.pipelineledger.events.Evidence;
import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.ForecastCategory;
import io.pipelineledger.events.ForecastCategorySetEvent;
import io.pipelineledger.events.MilestoneAchievedEvent;
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
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.ExitCriterion;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.query.model.DealLedger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated CRM histories ({@link CrmHistoryGenerator}) turned into the domain events the command side would have
 * stored for them (the fields the read model reads filled as the aggregate fills them), with each deal's aggregate
 * sequence number, and applied to a {@link DealLedger} the way the projection applies them. Optionally renames
 * reps, teams and deals with a prefix, so several generated histories add up to one larger, realistic one.
 */
final class DomainHistories {

    private static final SalesProcess PROCESS = DefaultSalesProcess.get();
    private static final StageId WON_STAGE = PROCESS.wonStage().orElseThrow().id();

    private final String prefix;
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, StageId> stages = new HashMap<>();

    DomainHistories(String prefix) {
        this.prefix = prefix;
    }

    /** The generator's settings for {@code reps} reps over {@code days} days up to {@code end}. */
    static CrmHistoryGenerator.Settings settings(long seed, int reps, int days, Instant end, double dealsPerRepPerMonth) {
        return new CrmHistoryGenerator.Settings(seed, reps, Math.max(1, reps / 30), end.minus(days, ChronoUnit.DAYS),
                end, dealsPerRepPerMonth, 0.05, 0.05);
    }

    /** Applies every event of the history, in delivery order; the number of events the ledger took as facts. */
    long applyAll(List<CrmEvent> events, DealLedger ledger) {
        long facts = 0;
        for (CrmEvent event : events) {
            String deal = prefix + event.opportunityId();
            long sequence = sequences.merge(deal, 1L, Long::sum) - 1;
            OpportunityEvent domain = convert(event, deal);
            if (ledger.apply(domain, sequence)) {
                facts++;
            }
        }
        return facts;
    }

    OpportunityEvent convert(CrmEvent event, String deal) {
        Map<String, Object> f = event.fields();
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
            case "MilestoneAchieved" -> {
                MilestoneId milestone = MilestoneId.of((String) f.get("milestoneId"));
                @SuppressWarnings("unchecked")
                Map<String, Object> e = (Map<String, Object>) f.get("evidence");
                EvidenceKind kind = EvidenceKind.valueOf((String) e.get("kind"));
                ExitCriterion criterion = PROCESS.criterion(milestone).orElseThrow();
                yield new MilestoneAchievedEvent(eventId, id, at, milestone,
                        PROCESS.stageOfMilestone(milestone).orElseThrow().id(),
                        new Evidence(kind, (String) e.get("reference"), (String) e.get("buyerContact")),
                        prefix + f.get("actor"), kind.satisfies(criterion.evidence()));
            }
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
