package io.pipelineledger.events;

import io.pipelineledger.events.ids.*;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The buyer reached a milestone (an exit criterion of {@code stage}); {@code verified} says whether the evidence satisfies the criterion. Revision 2 turned {@code evidence} from a kind string into an object: see {@link MilestoneAchievedEvidenceUpcaster}. */
@Revision("2")
public record MilestoneAchievedEvent(String eventId, OpportunityId opportunityId, Instant occurredAt,
                                     MilestoneId milestoneId, StageId stage, Evidence evidence, String actor,
                                     boolean verified) implements OpportunityEvent {
}
