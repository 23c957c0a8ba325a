package io.pipelineledger.command.api;

import io.pipelineledger.events.ids.OpportunityId;

import java.time.Instant;

/** A CRM fact about one opportunity, on its way to becoming an event: its idempotency key and business time. */
public sealed interface OpportunityCommand permits OpenOpportunityCommand, RecordMilestoneCommand,
        ChangeStageCommand, ReviseAmountCommand, ReviseCloseDateCommand, ReassignOwnerCommand,
        SetForecastCategoryCommand, WinOpportunityCommand, LoseOpportunityCommand, ReopenOpportunityCommand {

    String eventId();

    OpportunityId opportunityId();

    Instant occurredAt();
}
