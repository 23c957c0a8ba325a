package io.pipelineledger.events;

import io.pipelineledger.events.ids.*;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** The deal moved between stages, classified against the process: advanced, skipped (listing the stages jumped) or moved backward, with the required exit criteria that were unmet when it left. */
@Revision("1")
public record StageChangedEvent(String eventId, OpportunityId opportunityId, Instant occurredAt,
                                StageId fromStage, StageId toStage, StageChangeKind kind,
                                List<StageId> skippedStages, List<MilestoneId> unmetExitCriteria) implements OpportunityEvent {
}
