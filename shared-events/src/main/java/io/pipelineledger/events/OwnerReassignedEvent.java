package io.pipelineledger.events;

import io.pipelineledger.events.ids.*;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The deal moved to another rep (and possibly team and region). */
@Revision("1")
public record OwnerReassignedEvent(String eventId, OpportunityId opportunityId, Instant occurredAt,
                                   RepId previousRepId, RepId repId, TeamId teamId, RegionId regionId) implements OpportunityEvent {
}
