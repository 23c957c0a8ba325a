package io.pipelineledger.query.projection;

/** One row of the event store as a rebuild reads it: position, deal, place in the deal's stream, payload as stored. */
record StoredEvent(long globalIndex, String aggregateId, long sequence, String payloadType, String payloadRevision,
                   byte[] payload) {
}
