package io.pipelineledger.events.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelineledger.events.Actor;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Revision 1 of {@link SalesProcessDefinedEvent} kept {@code definedBy}: whatever the client sent as
 * {@code X-Ledger-Actor} ({@code "api"} when it sent nothing), or {@code "ledger-default"} for the default process.
 * Revision 2 keeps who was authenticated ({@code actor}) apart from what the client said ({@code onBehalfOf}).
 * Revision 1 never recorded the caller, so a client's version gets no actor and its {@code definedBy} becomes the
 * {@code onBehalfOf} it always was. Only version 1 is the ledger's own default: every client's version came after it,
 * so a client that called itself "ledger-default" stays a claim, not the ledger.
 */
public final class SalesProcessDefinedActorUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 =
            new SimpleSerializedType(SalesProcessDefinedEvent.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 =
            new SimpleSerializedType(SalesProcessDefinedEvent.class.getName(), "2");
    private static final String DEFAULT_PROCESS = "ledger-default";
    private static final String NO_HEADER = "api";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, SalesProcessDefinedActorUpcaster::lift);
    }

    static JsonNode lift(JsonNode revision1) {
        ObjectNode event = ((ObjectNode) revision1).deepCopy();
        JsonNode definedBy = event.remove("definedBy");
        String said = definedBy == null || definedBy.isNull() ? null : definedBy.asText();
        if (DEFAULT_PROCESS.equals(said) && event.path("version").asInt() == 1) {
            ObjectNode actor = event.putObject("actor");
            actor.put("type", Actor.LEDGER_DEFAULT.type());
            actor.put("id", Actor.LEDGER_DEFAULT.id());
        } else if (said != null && !said.isBlank() && !NO_HEADER.equals(said)) {
            event.put("onBehalfOf", said);
        }
        return event;
    }
}
