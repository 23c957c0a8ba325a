package io.pipelineledger.events;

import java.time.Instant;

/**
 * Every fact in the ledger: the idempotency key it arrived with and its business time. The recording time is the
 * event message's timestamp, set by the ledger.
 */
public interface LedgerEvent {

    /** The CRM's idempotency key (or the ledger's, for facts the ledger itself records). */
    String eventId();

    /** When it happened in the CRM: business time. */
    Instant occurredAt();
}
