package io.pipelineledger.events.stream;

import java.time.Instant;

/**
 * One stored event as it travels on the event topic: the event store's row (identity, payload type and revision,
 * aggregate and place in its stream, recording time, global position) with the payload still serialized.
 */
public record PublishedEvent(String eventId, String payloadType, String payloadRevision, String aggregateType,
                             String aggregateId, long sequence, Instant timestamp, long globalIndex, byte[] payload) {
}
