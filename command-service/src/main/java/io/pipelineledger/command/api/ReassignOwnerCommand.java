package io.pipelineledger.command.api;

import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.TeamId;
import io.pipelineledger.events.ids.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** CRM event type {@code OwnerReassigned}. */
public record ReassignOwnerCommand(String eventId, @TargetAggregateIdentifier OpportunityId opportunityId, Instant occurredAt,
                                   RepId repId, TeamId teamId, RegionId regionId) implements OpportunityCommand {
}
