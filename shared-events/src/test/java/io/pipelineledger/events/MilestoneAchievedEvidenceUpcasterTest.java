package io.pipelineledger.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.StageId;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the upcaster the way the event store does: stored entries become {@link InitialEventRepresentation}s, pass
 * through an {@link EventUpcasterChain} and are deserialized by the contract's {@link JacksonSerializer}.
 */
class MilestoneAchievedEvidenceUpcasterTest {

    private static final Instant RECORDED_AT = Instant.parse("2026-03-01T10:00:05Z");

    private static final String REVISION_1_BUYER_ACTION = """
            {"eventId":"e1","opportunityId":"OPP-1","occurredAt":"2026-03-01T10:00:00Z",
             "milestoneId":"budget-confirmed","stage":"qualification","evidence":"BUYER_ACTION",
             "evidenceReference":"mail-42","buyerContact":"cfo@buyer.example","actor":"rep-1"}""";

    private final JacksonSerializer serializer =
            JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();
    private final EventUpcasterChain upcasters = new EventUpcasterChain(new MilestoneAchievedEvidenceUpcaster());

    /** Stores keep payloads as bytes (JPA, JDBC bytea) or as text; both must be lifted. */
    @ParameterizedTest(name = "stored as {0}")
    @ValueSource(classes = {byte[].class, String.class})
    void liftsRevision1BuyerEvidenceToTheEvidenceObject(Class<?> storedAs) {
        IntermediateEventRepresentation upcast = single(upcast(stored(REVISION_1_BUYER_ACTION, storedAs, "1")));

        assertThat(upcast.getType()).isEqualTo(revision("2"));
        assertThat(payload(upcast)).isEqualTo(milestone("e1",
                new Evidence(EvidenceKind.BUYER_ACTION, "mail-42", "cfo@buyer.example"), "rep-1", true));
    }

    @Test
    void sellerAssertionOfRevision1IsNotVerified() {
        String revision1 = REVISION_1_BUYER_ACTION.replace("\"BUYER_ACTION\"", "\"SELLER_ASSERTION\"");

        Object payload = payload(single(upcast(stored(revision1, byte[].class, "1"))));

        assertThat(payload).isEqualTo(milestone("e1",
                new Evidence(EvidenceKind.SELLER_ASSERTION, "mail-42", "cfo@buyer.example"), "rep-1", false));
    }

    /** The flat fields move into the object: none is left behind, and absent ones do not become nulls. */
    @Test
    void movesTheFlatFieldsWithoutLeavingNulls() {
        String revision1 = """
                {"eventId":"e2","opportunityId":"OPP-1","occurredAt":"2026-03-01T10:00:00Z",
                 "milestoneId":"budget-confirmed","stage":"qualification","evidence":"DOCUMENT",
                 "evidenceReference":null}""";

        IntermediateEventRepresentation upcast = single(upcast(stored(revision1, byte[].class, "1")));
        JsonNode json = upcast.getData(JsonNode.class).getData();

        assertThat(json.has("evidenceReference")).isFalse();
        assertThat(json.has("buyerContact")).isFalse();
        assertThat(json.get("evidence").size()).isEqualTo(1);
        assertThat(json.get("evidence").get("kind").asText()).isEqualTo("DOCUMENT");
        assertThat(payload(upcast)).isEqualTo(
                milestone("e2", new Evidence(EvidenceKind.DOCUMENT, null, null), null, true));
    }

    /** Without any evidence, revision 1 only had the rep's word for it. */
    @ParameterizedTest(name = "evidence field [{0}]")
    @ValueSource(strings = {"", ",\"evidence\":null"})
    void revision1WithoutEvidenceIsTheSellersWord(String evidence) {
        String revision1 = """
                {"eventId":"e3","opportunityId":"OPP-1","occurredAt":"2026-03-01T10:00:00Z",
                 "milestoneId":"budget-confirmed","stage":"qualification","actor":"rep-1"%s}""".formatted(evidence);

        assertThat(payload(single(upcast(stored(revision1, byte[].class, "1"))))).isEqualTo(
                milestone("e3", new Evidence(EvidenceKind.SELLER_ASSERTION, null, null), "rep-1", false));
    }

    @Test
    void revision2PassesThroughUnchanged() {
        String revision2 = """
                {"eventId":"e4","opportunityId":"OPP-1","occurredAt":"2026-03-01T10:00:00Z",
                 "milestoneId":"budget-confirmed","stage":"qualification",
                 "evidence":{"kind":"SELLER_ASSERTION","reference":"call-7"},"actor":"rep-1","verified":true}""";
        DomainEventData<byte[]> stored = stored(revision2, byte[].class, "2");

        IntermediateEventRepresentation passed = single(upcast(stored));

        assertThat(passed.getType()).isEqualTo(revision("2"));
        assertThat(passed.getData(byte[].class).getData()).isEqualTo(stored.getPayload().getData());
        // verified stays as recorded: revision 2 judged it against the criterion, the upcaster must not re-judge
        assertThat(payload(passed)).isEqualTo(milestone("e4",
                new Evidence(EvidenceKind.SELLER_ASSERTION, "call-7", null), "rep-1", true));
    }

    @Test
    void leavesOtherEventsAloneAndKeepsTheOrder() {
        String stageChanged = """
                {"eventId":"e0","opportunityId":"OPP-1","occurredAt":"2026-03-01T09:00:00Z",
                 "fromStage":"prospecting","toStage":"qualification","kind":"ADVANCED",
                 "skippedStages":[],"unmetExitCriteria":[]}""";

        List<IntermediateEventRepresentation> upcast = upcast(
                stored(stageChanged, StageChangedEvent.class, byte[].class, "1", "msg-0"),
                stored(REVISION_1_BUYER_ACTION, byte[].class, "1"));

        assertThat(upcast).hasSize(2);
        assertThat(upcast.get(0).getType())
                .isEqualTo(new SimpleSerializedType(StageChangedEvent.class.getName(), "1"));
        assertThat(payload(upcast.get(0))).isInstanceOf(StageChangedEvent.class);
        assertThat(upcast.get(1).getType()).isEqualTo(revision("2"));
    }

    /** Only the payload changes: identity, position and recording time (recordedAt) stay those of the stored entry. */
    @Test
    void keepsTheEnvelope() {
        IntermediateEventRepresentation upcast = single(upcast(stored(REVISION_1_BUYER_ACTION, byte[].class, "1")));

        assertThat(upcast.getMessageIdentifier()).isEqualTo("msg-1");
        assertThat(upcast.getAggregateIdentifier()).contains("OPP-1");
        assertThat(upcast.getSequenceNumber()).contains(3L);
        assertThat(upcast.getTimestamp()).isEqualTo(RECORDED_AT);
    }

    // --- helpers

    private List<IntermediateEventRepresentation> upcast(DomainEventData<?>... stored) {
        return upcasters.upcast(Arrays.stream(stored).map(entry -> new InitialEventRepresentation(entry, serializer)))
                .toList();
    }

    private Object payload(IntermediateEventRepresentation representation) {
        return serializer.deserialize(representation.getData());
    }

    private static IntermediateEventRepresentation single(List<IntermediateEventRepresentation> representations) {
        assertThat(representations).hasSize(1);
        return representations.get(0);
    }

    private static <T> DomainEventData<T> stored(String json, Class<T> storedAs, String revision) {
        return stored(json, MilestoneAchievedEvent.class, storedAs, revision, "msg-1");
    }

    /** A stored entry as an event store reads it back, with the payload in the store's column type. */
    @SuppressWarnings("unchecked")
    private static <T> DomainEventData<T> stored(String json, Class<?> type, Class<T> storedAs, String revision,
                                                 String messageId) {
        T payload = (T) (storedAs == byte[].class ? json.getBytes(UTF_8) : json);
        T metaData = (T) (storedAs == byte[].class ? "{}".getBytes(UTF_8) : "{}");
        return new GenericDomainEventEntry<>("Opportunity", "OPP-1", 3L, messageId, RECORDED_AT, type.getName(),
                revision, payload, metaData);
    }

    private static SimpleSerializedType revision(String revision) {
        return new SimpleSerializedType(MilestoneAchievedEvent.class.getName(), revision);
    }

    private static MilestoneAchievedEvent milestone(String eventId, Evidence evidence, String actor,
                                                    boolean verified) {
        return new MilestoneAchievedEvent(eventId, OpportunityId.of("OPP-1"), Instant.parse("2026-03-01T10:00:00Z"),
                MilestoneId.of("budget-confirmed"), StageId.of("qualification"), evidence, actor, verified);
    }
}
