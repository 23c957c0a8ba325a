package io.pipelineledger.query.projection;

import io.pipelineledger.events.stream.PayloadDecoder;

/** One row of the event store as a rebuild reads it: position, deal, place in the deal's stream, payload as stored. */
record StoredEvent(long globalIndex, String aggregateId, long sequence, String payloadType, String payloadRevision,
                   byte[] payload) {

    /** The payload as an event object (null: a type this service does not know). */
    Object decodeWith(PayloadDecoder decoder) {
        return decoder.decode(payloadType, payloadRevision, aggregateId, sequence, globalIndex, payload);
    }
}
