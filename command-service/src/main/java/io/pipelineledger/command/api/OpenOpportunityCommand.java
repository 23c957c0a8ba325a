package io.pipelineledger.command.api;

import io.pipelineledger.events.Money;
import io.pipelineledger.events.ids.AccountId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import java.time.LocalDate;
import io.pipelineledger.events.ids.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** CRM event type {@code OpportunityOpened}. */
public record OpenOpportunityCommand(String eventId, @TargetAggregateIdentifier OpportunityId opportunityId, Instant occurredAt,
                                     RepId repId, TeamId teamId, RegionId regionId, AccountId accountId,
                                     StageId stage, Money amount, LocalDate expectedCloseDate, String source) implements OpportunityCommand {
}
