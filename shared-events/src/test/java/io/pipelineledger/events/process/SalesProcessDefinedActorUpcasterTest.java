package io.pipelineledger.events.process;

import io.pipelineledger.events.Actor;
import io.pipelineledger.events.EventJson;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Process versions stored at revision 1 (definedBy: the client's word) read as revision 2: the authenticated actor
 * apart from the client's onBehalfOf. Run as the event store runs upcasters, on the revision-1 golden file.
 */
class SalesProcessDefinedActorUpcasterTest {

    private final JacksonSerializer serializer =
            JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();
    private final EventUpcasterChain upcasters = new EventUpcasterChain(new SalesProcessDefinedActorUpcaster());

    @Test
    void aClientsDefinedByBecomesOnBehalfOfWithNoActor() throws IOException {
        SalesProcessDefinedEvent event = read(golden(), "1");

        assertThat(event.version()).isEqualTo(2);
        assertThat(event.actor()).as("revision 1 never recorded who was authenticated").isNull();
        assertThat(event.onBehalfOf()).isEqualTo("admin@seller.example");
        assertThat(event.process().enforcement()).isEqualTo(Enforcement.REJECT);
    }

    /** Only version 1 was ever the ledger's default; a client calling itself so later stays a claim. */
    @Test
    void ledgerDefaultIsTheLedgerOnlyForVersion1() {
        String v1 = stored(1, "\"ledger-default\"");
        String v5 = stored(5, "\"ledger-default\"");

        assertThat(read(v1, "1").actor()).isEqualTo(Actor.LEDGER_DEFAULT);
        assertThat(read(v1, "1").onBehalfOf()).isNull();
        assertThat(read(v5, "1").actor()).isNull();
        assertThat(read(v5, "1").onBehalfOf()).isEqualTo("ledger-default");
    }

    /** "api" was written when the client sent no header: it said nothing. */
    @ParameterizedTest(name = "definedBy {0}")
    @ValueSource(strings = {"\"api\"", "null", "\"  \""})
    void noHeaderMeansNoOnBehalfOf(String definedBy) {
        SalesProcessDefinedEvent event = read(stored(3, definedBy), "1");

        assertThat(event.actor()).isNull();
        assertThat(event.onBehalfOf()).isNull();
    }

    @Test
    void revision2PassesThroughUnchanged() {
        String revision2 = """
                {"eventId":"process:v4","processId":"sales-process","occurredAt":"2026-02-01T08:00:00Z","version":4,
                 "process":{"stages":[],"enforcement":"RECORD"},
                 "actor":{"type":"apiKey","id":"5f6t92nw","name":"admins"},"onBehalfOf":"ledger-default"}""";

        SalesProcessDefinedEvent event = read(revision2, "2");

        assertThat(event.actor()).isEqualTo(new Actor(Actor.API_KEY, "5f6t92nw", "admins"));
        assertThat(event.onBehalfOf()).isEqualTo("ledger-default");
    }

    // --- helpers

    private SalesProcessDefinedEvent read(String json, String revision) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("SalesProcessAggregate",
                "sales-process", 0L, "msg-1", Instant.parse("2026-02-01T08:00:01Z"),
                SalesProcessDefinedEvent.class.getName(), revision, json.getBytes(UTF_8), "{}".getBytes(UTF_8));
        List<IntermediateEventRepresentation> upcast =
                upcasters.upcast(java.util.stream.Stream.of(new InitialEventRepresentation(entry, serializer))).toList();
        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType())
                .isEqualTo(new SimpleSerializedType(SalesProcessDefinedEvent.class.getName(), "2"));
        return serializer.deserialize(upcast.get(0).getData());
    }

    private static String stored(int version, String definedBy) {
        return """
                {"eventId":"process:v%d","processId":"sales-process","occurredAt":"1970-01-01T00:00:00Z",
                 "version":%d,"process":{"stages":[],"enforcement":"RECORD"},"definedBy":%s}"""
                .formatted(version, version, definedBy);
    }

    private static String golden() throws IOException {
        try (InputStream in = SalesProcessDefinedActorUpcasterTest.class
                .getResourceAsStream("/contract/revision1/SalesProcessDefinedEvent.json")) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
