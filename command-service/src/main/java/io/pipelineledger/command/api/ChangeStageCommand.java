package io.pipelineledger.command.api;

import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** CRM event type {@code StageChanged}. */
public record ChangeStageCommand(String eventId, @TargetAggregateIdentifier OpportunityId opportunityId, Instant occurredAt,
                                 StageId toStage) implements OpportunityCommand {
}
