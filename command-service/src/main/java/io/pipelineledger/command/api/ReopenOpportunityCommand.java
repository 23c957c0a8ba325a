package io.pipelineledger.command.api;

import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** CRM event type {@code OpportunityReopened}. */
public record ReopenOpportunityCommand(String eventId, @TargetAggregateIdentifier OpportunityId opportunityId, Instant occurredAt,
                                       StageId stage) implements OpportunityCommand {
}
