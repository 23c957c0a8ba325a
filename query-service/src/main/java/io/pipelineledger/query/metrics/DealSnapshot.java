package io.pipelineledger.query.metrics;

import io.pipelineledger.events.AmountRevisedEvent;
import io.pipelineledger.events.CloseDateRevisedEvent;
import io.pipelineledger.events.ForecastCategory;
import io.pipelineledger.events.ForecastCategorySetEvent;
import io.pipelineledger.events.LedgerEvent;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityReopenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.OwnerReassignedEvent;
import io.pipelineledger.events.StageChangedEvent;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a deal stood at a business time: its stage, status, amount, owner, expected close and category, from the
 * facts that occurred before then (in business-time order, so backfilled facts land where they belong).
 */
public record DealSnapshot(OpportunityId opportunityId, Status status, StageId stage, Money amount, RepId rep,
                           TeamId team, RegionId region, Instant openedAt, Instant closedAt,
                           LocalDate expectedCloseDate, ForecastCategory category) {

    public enum Status { OPEN, WON, LOST }

    /** Empty when the deal had not been opened by {@code asOf}. */
    public static Optional<DealSnapshot> asOf(List<? extends OpportunityEvent> facts, Instant asOf) {
        List<OpportunityEvent> ordered = facts.stream().filter(f -> f.occurredAt().isBefore(asOf))
                .sorted(Comparator.comparing(LedgerEvent::occurredAt)).map(OpportunityEvent.class::cast).toList();
        DealSnapshot deal = null;
        for (OpportunityEvent fact : ordered) {
            if (fact instanceof OpportunityOpenedEvent o) {
                deal = new DealSnapshot(o.opportunityId(), Status.OPEN, o.stage(), o.amount(), o.repId(),
                        o.teamId(), o.regionId(), o.occurredAt(), null, o.expectedCloseDate(), null);
            } else if (deal != null) {
                deal = deal.apply(fact);
            }
        }
        return Optional.ofNullable(deal);
    }

    private DealSnapshot apply(OpportunityEvent fact) {
        if (fact instanceof StageChangedEvent e) {
            return with(status, e.toStage(), amount, closedAt, expectedCloseDate, category, rep, team, region);
        } else if (fact instanceof AmountRevisedEvent e) {
            return with(status, stage, e.amount(), closedAt, expectedCloseDate, category, rep, team, region);
        } else if (fact instanceof CloseDateRevisedEvent e) {
            return with(status, stage, amount, closedAt, e.expectedCloseDate(), category, rep, team, region);
        } else if (fact instanceof ForecastCategorySetEvent e) {
            return with(status, stage, amount, closedAt, expectedCloseDate, e.category(), rep, team, region);
        } else if (fact instanceof OwnerReassignedEvent e) {
            return with(status, stage, amount, closedAt, expectedCloseDate, category, e.repId(), e.teamId(),
                    e.regionId());
        } else if (fact instanceof OpportunityWonEvent e) {
            return with(Status.WON, e.toStage() == null ? stage : e.toStage(), e.amount(), e.occurredAt(),
                    expectedCloseDate, category, rep, team, region);
        } else if (fact instanceof OpportunityLostEvent e) {
            return with(Status.LOST, stage, amount, e.occurredAt(), expectedCloseDate, category, rep, team, region);
        } else if (fact instanceof OpportunityReopenedEvent e) {
            return with(Status.OPEN, e.stage(), amount, null, expectedCloseDate, category, rep, team, region);
        }
        return this;
    }

    private DealSnapshot with(Status status, StageId stage, Money amount, Instant closedAt, LocalDate closeDate,
                              ForecastCategory category, RepId rep, TeamId team, RegionId region) {
        return new DealSnapshot(opportunityId, status, stage, amount, rep, team, region, openedAt, closedAt,
                closeDate, category);
    }
}
