package io.pipelineledger.events;

import io.pipelineledger.events.ids.*;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The deal's amount was revised. */
@Revision("1")
public record AmountRevisedEvent(String eventId, OpportunityId opportunityId, Instant occurredAt,
                                 Money previousAmount, Money amount) implements OpportunityEvent {
}
