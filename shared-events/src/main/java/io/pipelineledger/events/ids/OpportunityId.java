package io.pipelineledger.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A CRM-chosen opportunityId; serialized as a plain JSON string. */
public record OpportunityId(@JsonValue String value) {

    public OpportunityId {
        Identifiers.require(value, "opportunityId");
    }

    @JsonCreator
    public static OpportunityId of(String value) {
        return new OpportunityId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
