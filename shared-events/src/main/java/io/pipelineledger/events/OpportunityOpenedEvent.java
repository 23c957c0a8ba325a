package io.pipelineledger.events;

import io.pipelineledger.events.ids.*;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.time.LocalDate;

/** A deal entered the pipeline in a stage, owned by a rep, under a version of the sales process. */
@Revision("1")
public record OpportunityOpenedEvent(String eventId, OpportunityId opportunityId, Instant occurredAt,
                                     RepId repId, TeamId teamId, RegionId regionId, AccountId accountId,
                                     StageId stage, Money amount, LocalDate expectedCloseDate, String source,
                                     int processVersion) implements OpportunityEvent {
}
