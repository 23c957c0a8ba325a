package io.pipelineledger.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.pipelineledger.events.EventJson;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Turns a {@link StoredEvent}'s payload into the event object, thread-safe: straight through the contract's Jackson
 * form when it was stored at the class's current revision, else through Axon's upcasters and serializer (older
 * revisions are rare). Payload types the service does not know are skipped (null).
 */
final class PayloadDecoder {

    private static final Object UNKNOWN = new Object();

    private final ObjectMapper json = EventJson.mapper();
    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final Map<String, Object> readers = new ConcurrentHashMap<>();

    PayloadDecoder(Serializer serializer, EventUpcaster upcasters) {
        this.serializer = serializer;
        this.upcasters = upcasters;
    }

    Object decode(StoredEvent event) {
        Object reader = readers.computeIfAbsent(event.payloadType() + '#' + event.payloadRevision(),
                key -> reader(event.payloadType(), event.payloadRevision()));
        if (reader == UNKNOWN) {
            return null;
        }
        if (reader instanceof ObjectReader current) {
            try {
                return current.readValue(event.payload());
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable stored event " + event.globalIndex(), e);
            }
        }
        return upcastAndDeserialize(event);
    }

    /** A reader for the current revision; the serializer's path (a String marker) for an older one. */
    private Object reader(String type, String revision) {
        Class<?> payloadClass;
        try {
            payloadClass = Class.forName(type, false, PayloadDecoder.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return UNKNOWN;
        }
        Revision current = payloadClass.getAnnotation(Revision.class);
        if (Objects.equals(current == null ? null : current.value(), revision)) {
            return json.readerFor(payloadClass);
        }
        return "upcast";
    }

    private Object upcastAndDeserialize(StoredEvent event) {
        TrackedDomainEventData<byte[]> entry = new TrackedDomainEventData<>(
                new GlobalSequenceTrackingToken(event.globalIndex()), new GenericDomainEventEntry<>(null,
                event.aggregateId(), event.sequence(), "rebuild-" + event.globalIndex(), "1970-01-01T00:00:00Z",
                event.payloadType(), event.payloadRevision(), event.payload(),
                "{}".getBytes(StandardCharsets.UTF_8)));
        return EventUtils.upcastAndDeserializeTrackedEvents(Stream.of(entry), serializer, upcasters)
                .findFirst().map(m -> m.getPayload()).orElse(null);
    }
}
