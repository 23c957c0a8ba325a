package io.pipelineledger.query.metrics;

import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.StageId;

import java.math.BigDecimal;

/**
 * Where a deal stood at a business time: open, won or lost, its stage and amount, its owner then, and (for a closed
 * deal) who owned it when it closed.
 */
public record DealSnapshot(OpportunityId opportunityId, Status status, StageId stage, BigDecimal amount,
                           Owner owner, Owner closedBy) {

    public enum Status { OPEN, WON, LOST }
}
