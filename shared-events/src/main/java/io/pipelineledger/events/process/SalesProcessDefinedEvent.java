package io.pipelineledger.events.process;

import io.pipelineledger.events.LedgerEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A version of the sales process was defined. Versions count up from 1; opportunities keep the version they were
 * opened under. {@code eventId} is the ledger's own ({@code process:v<version>}).
 */
@Revision("1")
public record SalesProcessDefinedEvent(String eventId, String processId, Instant occurredAt, int version,
                                       SalesProcess process, String definedBy) implements LedgerEvent {
}
