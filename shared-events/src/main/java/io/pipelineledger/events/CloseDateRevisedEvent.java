package io.pipelineledger.events;

import io.pipelineledger.events.ids.*;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.time.LocalDate;

/** The deal's expected close date moved (a slip when later). */
@Revision("1")
public record CloseDateRevisedEvent(String eventId, OpportunityId opportunityId, Instant occurredAt,
                                    LocalDate previousExpectedCloseDate, LocalDate expectedCloseDate) implements OpportunityEvent {
}
