package io.pipelineledger.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Revision 1 of {@link MilestoneAchievedEvent} carried the evidence as flat fields
 * ({@code "evidence":"BUYER_ACTION","evidenceReference":…,"buyerContact":…}) and no {@code verified} flag.
 * Revision 2 nests them in an {@link Evidence} object. Stored events are never rewritten: old ones are lifted to
 * the new shape as they are read. In revision 1 every criterion asked for a buyer action, so an event was
 * verified exactly when its evidence was not the seller's word alone.
 */
public final class MilestoneAchievedEvidenceUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 =
            new SimpleSerializedType(MilestoneAchievedEvent.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 =
            new SimpleSerializedType(MilestoneAchievedEvent.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, MilestoneAchievedEvidenceUpcaster::lift);
    }

    static JsonNode lift(JsonNode revision1) {
        ObjectNode event = ((ObjectNode) revision1).deepCopy();
        String kind = event.path("evidence").asText(EvidenceKind.SELLER_ASSERTION.name());
        ObjectNode evidence = event.putObject("evidence");
        evidence.put("kind", kind);
        moveText(event, "evidenceReference", evidence, "reference");
        moveText(event, "buyerContact", evidence, "buyerContact");
        event.put("verified", !EvidenceKind.SELLER_ASSERTION.name().equals(kind));
        return event;
    }

    private static void moveText(ObjectNode from, String fromField, ObjectNode to, String toField) {
        JsonNode value = from.remove(fromField);
        if (value != null && !value.isNull()) {
            to.put(toField, value.asText());
        }
    }
}
