package io.pipelineledger.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A CRM-chosen repId; serialized as a plain JSON string. */
public record RepId(@JsonValue String value) {

    public RepId {
        Identifiers.require(value, "repId");
    }

    @JsonCreator
    public static RepId of(String value) {
        return new RepId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
