package io.pipelineledger.events;

import io.pipelineledger.events.ids.*;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A closed deal is open again, in {@code stage}. */
@Revision("1")
public record OpportunityReopenedEvent(String eventId, OpportunityId opportunityId, Instant occurredAt,
                                       StageId stage, StageId previousStage, boolean wasWon) implements OpportunityEvent {
}
