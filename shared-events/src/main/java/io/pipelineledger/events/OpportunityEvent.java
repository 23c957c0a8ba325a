package io.pipelineledger.events;

import io.pipelineledger.events.ids.OpportunityId;

/** A fact about one opportunity; the opportunity id is the aggregate identifier and the Kafka key. */
public interface OpportunityEvent extends LedgerEvent {

    OpportunityId opportunityId();
}
