package io.pipelineledger.query;

import io.pipelineledger.events.AmountRevisedEvent;
import io.pipelineledger.events.Evidence;
import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.MilestoneAchievedEvent;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityReopenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.OwnerReassignedEvent;
import io.pipelineledger.events.StageChangeKind;
import io.pipelineledger.events.StageChangedEvent;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Domain facts for the query side's tests, built straight from generated CRM events (no command side). */
public final class GeneratedFacts {

    private GeneratedFacts() {
    }

    /**
     * The facts the metrics depend on (classification details are not needed); null for the others. A milestone
     * counts as verified unless only the seller asserted it.
     */
    @SuppressWarnings("unchecked")
    public static OpportunityEvent fact(CrmEvent e) {
        OpportunityId id = OpportunityId.of(e.opportunityId());
        Map<String, Object> f = e.fields();
        return switch (e.type()) {
            case "OpportunityOpened" -> new OpportunityOpenedEvent(e.eventId(), id, e.occurredAt(),
                    RepId.of((String) f.get("repId")), TeamId.of((String) f.get("teamId")),
                    RegionId.of((String) f.get("regionId")), null, StageId.of((String) f.get("stage")),
                    money(f.get("amount")), null, null, 1);
            case "MilestoneAchieved" -> {
                EvidenceKind kind = EvidenceKind.valueOf((String) ((Map<String, Object>) f.get("evidence")).get("kind"));
                yield new MilestoneAchievedEvent(e.eventId(), id, e.occurredAt(),
                        MilestoneId.of((String) f.get("milestoneId")), null, new Evidence(kind, null, null), null,
                        kind != EvidenceKind.SELLER_ASSERTION);
            }
            case "StageChanged" -> new StageChangedEvent(e.eventId(), id, e.occurredAt(), null,
                    StageId.of((String) f.get("toStage")), StageChangeKind.ADVANCED, List.of(), List.of());
            case "AmountRevised" -> new AmountRevisedEvent(e.eventId(), id, e.occurredAt(), null,
                    money(f.get("amount")));
            case "OwnerReassigned" -> new OwnerReassignedEvent(e.eventId(), id, e.occurredAt(), null,
                    RepId.of((String) f.get("repId")), TeamId.of((String) f.get("teamId")),
                    RegionId.of((String) f.get("regionId")));
            case "OpportunityWon" -> new OpportunityWonEvent(e.eventId(), id, e.occurredAt(),
                    f.get("amount") == null ? null : money(f.get("amount")), null,
                    StageId.of("account-management"), List.of(), List.of());
            case "OpportunityLost" -> new OpportunityLostEvent(e.eventId(), id, e.occurredAt(), null, null);
            case "OpportunityReopened" -> new OpportunityReopenedEvent(e.eventId(), id, e.occurredAt(),
                    StageId.of((String) f.get("stage")), null, false);
            default -> null;
        };
    }

    private static Money money(Object amount) {
        return new Money(new BigDecimal(amount.toString()), "USD");
    }
}
