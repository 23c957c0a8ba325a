package io.pipelineledger.command.api;

import io.pipelineledger.events.ids.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** CRM event type {@code OpportunityLost}. */
public record LoseOpportunityCommand(String eventId, @TargetAggregateIdentifier OpportunityId opportunityId, Instant occurredAt,
                                     String reason) implements OpportunityCommand {
}
