package io.pipelineledger.events.generator;

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

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated CRM events ({@link CrmHistoryGenerator}) turned into the domain events the command side would store for
 * them under the default process — the fields projections read filled as the aggregate fills them (stages moved
 * from, milestones' stage and whether their evidence satisfies the criterion), classification lists left empty —
 * each with its sequence number in the deal's stream. For tests and benchmarks that feed a read model without the
 * command side. Optionally renames deals, reps and teams with a prefix, so several generated histories add up to
 * one larger, realistic one. Feed a history's events in delivery order; not thread-safe.
 */
public final class DomainEvents {

    /** A domain event and its sequence number in its deal's stream (from 0). */
    public record Stored(OpportunityEvent event, long sequence) {
    }

    private static final SalesProcess PROCESS = DefaultSalesProcess.get();
    private static final StageId WON_STAGE = PROCESS.wonStage().orElseThrow().id();

    private final String prefix;
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, StageId> stages = new HashMap<>();

    public DomainEvents() {
        this("");
    }

    public DomainEvents(String prefix) {
        this.prefix = prefix;
    }

    /** Every event of a history as domain events, in delivery order. */
    public static List<OpportunityEvent> of(List<CrmEvent> events) {
        DomainEvents converter = new DomainEvents();
        List<OpportunityEvent> domain = new ArrayList<>(events.size());
        events.forEach(e -> domain.add(converter.next(e).event()));
        return domain;
    }

    /** The next event of the history as stored. */
    public Stored next(CrmEvent event) {
        String deal = prefix + event.opportunityId();
        long sequence = sequences.merge(deal, 1L, Long::sum) - 1;
        return new Stored(convert(event, deal), sequence);
    }

    private OpportunityEvent convert(CrmEvent event, String deal) {
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
