package io.pipelineledger.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A CRM-chosen teamId; serialized as a plain JSON string. */
public record TeamId(@JsonValue String value) {

    public TeamId {
        Identifiers.require(value, "teamId");
    }

    @JsonCreator
    public static TeamId of(String value) {
        return new TeamId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
