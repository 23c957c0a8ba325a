package io.pipelineledger.command.ingest.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.api.CommandRejectedException;

/**
 * One event as read from a request body: its JSON, or why it could not be read (a line that is not JSON, a key
 * given twice); {@code node} then holds what was read of it, if anything, to report its eventId.
 */
public record RawEvent(JsonNode node, CommandRejectedException unreadable) {

    public static RawEvent of(JsonNode node) {
        return new RawEvent(node, null);
    }
}
