package io.pipelineledger.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A CRM-chosen milestoneId; serialized as a plain JSON string. */
public record MilestoneId(@JsonValue String value) {

    public MilestoneId {
        Identifiers.require(value, "milestoneId");
    }

    @JsonCreator
    public static MilestoneId of(String value) {
        return new MilestoneId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
