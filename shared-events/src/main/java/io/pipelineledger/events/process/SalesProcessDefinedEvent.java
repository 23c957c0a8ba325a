package io.pipelineledger.events.process;

import io.pipelineledger.events.Actor;
import io.pipelineledger.events.LedgerEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A version of the sales process was defined. Versions count up from 1; opportunities keep the version they were
 * opened under. {@code eventId} is the ledger's own ({@code process:v<version>}). Revision 2 replaced the
 * client-given {@code definedBy} by the authenticated {@code actor} and the client's {@code onBehalfOf}: see
 * {@link SalesProcessDefinedActorUpcaster}.
 *
 * @param actor      who defined it, as authenticated; null only for versions recorded before revision 2 by a client
 * @param onBehalfOf whom the client said it acted for ({@code X-Ledger-Actor}); null when it said nothing
 */
@Revision("2")
public record SalesProcessDefinedEvent(String eventId, String processId, Instant occurredAt, int version,
                                       SalesProcess process, Actor actor, String onBehalfOf) implements LedgerEvent {
}
