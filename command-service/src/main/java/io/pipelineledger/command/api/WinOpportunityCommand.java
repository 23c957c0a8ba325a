package io.pipelineledger.command.api;

import java.math.BigDecimal;
import io.pipelineledger.events.ids.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** CRM event type {@code OpportunityWon}. */
public record WinOpportunityCommand(String eventId, @TargetAggregateIdentifier OpportunityId opportunityId, Instant occurredAt,
                                    BigDecimal amount) implements OpportunityCommand {
}
