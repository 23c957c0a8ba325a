package io.pipelineledger.query.metrics;

import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.StageId;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Where a deal stood at a business time: open, won or lost, its stage and amount (in {@code currency}, null when not
 * known), its owner then, and (for a closed deal) who owned it when it closed and when that was.
 */
public record DealSnapshot(OpportunityId opportunityId, Status status, StageId stage, BigDecimal amount,
                           String currency, Owner owner, Owner closedBy, Instant closedAt) {

    public enum Status { OPEN, WON, LOST }
}
