package io.pipelineledger.events;

import io.pipelineledger.events.ids.*;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The deal closed lost from {@code stage}. */
@Revision("1")
public record OpportunityLostEvent(String eventId, OpportunityId opportunityId, Instant occurredAt,
                                   String reason, StageId stage) implements OpportunityEvent {
}
