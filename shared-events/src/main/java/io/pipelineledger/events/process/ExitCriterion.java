package io.pipelineledger.events.process;

import io.pipelineledger.events.EvidenceKind;
import io.pipelineledger.events.ids.MilestoneId;

/**
 * A milestone that must be achieved before a deal leaves its stage. Good criteria are required, factual,
 * inspectable in the CRM and buyer-centric: {@code evidence} names the least proof that counts.
 */
public record ExitCriterion(MilestoneId id, String description, boolean required, EvidenceKind evidence,
                            String ownerRole) {
}
