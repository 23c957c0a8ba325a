package io.pipelineledger.command.api;

import io.pipelineledger.events.ForecastCategory;
import io.pipelineledger.events.ids.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** CRM event type {@code ForecastCategorySet}. */
public record SetForecastCategoryCommand(String eventId, @TargetAggregateIdentifier OpportunityId opportunityId, Instant occurredAt,
                                         ForecastCategory category) implements OpportunityCommand {
}
