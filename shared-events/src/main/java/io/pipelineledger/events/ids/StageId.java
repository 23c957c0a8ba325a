package io.pipelineledger.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A CRM-chosen stageId; serialized as a plain JSON string. */
public record StageId(@JsonValue String value) {

    public StageId {
        Identifiers.require(value, "stageId");
    }

    @JsonCreator
    public static StageId of(String value) {
        return new StageId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
