package io.pipelineledger.events;

import io.pipelineledger.events.ids.*;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The CRM put the deal in a forecast category. */
@Revision("1")
public record ForecastCategorySetEvent(String eventId, OpportunityId opportunityId, Instant occurredAt,
                                       ForecastCategory category) implements OpportunityEvent {
}
