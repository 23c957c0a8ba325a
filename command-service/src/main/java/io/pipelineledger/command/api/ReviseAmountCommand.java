package io.pipelineledger.command.api;

import java.math.BigDecimal;
import io.pipelineledger.events.ids.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** CRM event type {@code AmountRevised}. */
public record ReviseAmountCommand(String eventId, @TargetAggregateIdentifier OpportunityId opportunityId, Instant occurredAt,
                                  BigDecimal amount) implements OpportunityCommand {
}
