package io.pipelineledger.command.api;

import java.time.LocalDate;
import io.pipelineledger.events.ids.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** CRM event type {@code CloseDateRevised}. */
public record ReviseCloseDateCommand(String eventId, @TargetAggregateIdentifier OpportunityId opportunityId, Instant occurredAt,
                                     LocalDate expectedCloseDate) implements OpportunityCommand {
}
