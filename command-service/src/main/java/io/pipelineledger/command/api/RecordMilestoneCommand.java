package io.pipelineledger.command.api;

import io.pipelineledger.events.Evidence;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** CRM event type {@code MilestoneAchieved}. */
public record RecordMilestoneCommand(String eventId, @TargetAggregateIdentifier OpportunityId opportunityId, Instant occurredAt,
                                     MilestoneId milestoneId, Evidence evidence, String actor) implements OpportunityCommand {
}
