package io.pipelineledger.events.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A CRM-chosen accountId; serialized as a plain JSON string. */
public record AccountId(@JsonValue String value) {

    public AccountId {
        Identifiers.require(value, "accountId");
    }

    @JsonCreator
    public static AccountId of(String value) {
        return new AccountId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
