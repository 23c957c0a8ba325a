package io.pipelineledger.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A CRM-chosen regionId; serialized as a plain JSON string. */
public record RegionId(@JsonValue String value) {

    public RegionId {
        Identifiers.require(value, "regionId");
    }

    @JsonCreator
    public static RegionId of(String value) {
        return new RegionId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
