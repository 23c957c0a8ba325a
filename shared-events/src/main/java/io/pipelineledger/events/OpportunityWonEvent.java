package io.pipelineledger.events;

import io.pipelineledger.events.ids.*;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** The buyer bought: the deal closed won at {@code amount}, leaving {@code fromStage} for the after-win stage, with the required exit criteria that were unmet. */
@Revision("1")
public record OpportunityWonEvent(String eventId, OpportunityId opportunityId, Instant occurredAt,
                                  Money amount, StageId fromStage, StageId toStage,
                                  List<StageId> skippedStages, List<MilestoneId> unmetExitCriteria) implements OpportunityEvent {
}
