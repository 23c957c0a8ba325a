package io.pipelineledger.events.stream;

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
 * Turns a stored or published event's payload into the event object, thread-safe: straight through the contract's
 * Jackson form when it was stored at the class's current revision, else through Axon's upcasters and serializer
 * (older revisions are rare). Payload types this service does not know give null.
 */
public final class PayloadDecoder {

    private static final Object UNKNOWN = new Object();

    private final ObjectMapper json = EventJson.mapper();
    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final Map<String, Object> readers = new ConcurrentHashMap<>();

    public PayloadDecoder(Serializer serializer, EventUpcaster upcasters) {
        this.serializer = serializer;
        this.upcasters = upcasters;
    }

    /**
     * The payload as an object, or null when its type is unknown here; {@code position} names the event in errors.
     *
     * @throws UncheckedIOException when the payload does not read as its type
     */
    public Object decode(String payloadType, String payloadRevision, String aggregateId, long sequence,
                         long position, byte[] payload) {
        Object reader = readerFor(payloadType, payloadRevision);
        if (reader == UNKNOWN) {
            return null;
        }
        if (reader instanceof ObjectReader current) {
            try {
                return current.readValue(payload);
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable event " + position, e);
            }
        }
        return upcastAndDeserialize(payloadType, payloadRevision, aggregateId, sequence, position, payload);
    }

    /** Whether this service knows the payload type (a class on its class path). */
    public boolean knows(String payloadType, String payloadRevision) {
        return readerFor(payloadType, payloadRevision) != UNKNOWN;
    }

    /** The cached reader of a type and revision: a class lookup once, not per event. */
    private Object readerFor(String type, String revision) {
        return readers.computeIfAbsent(type + '#' + revision, key -> reader(type, revision));
    }

    /** A reader for the current revision; the serializer's path (a String marker) for an older one. */
    private Object reader(String type, String revision) {
        Class<?> payloadClass;
        try {
            payloadClass = Class.forName(type, false, PayloadDecoder.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return UNKNOWN;
        }
        Revision current = payloadClass.getAnnotation(Revision.class);
        if (Objects.equals(current == null ? null : current.value(), revision)) {
            return json.readerFor(payloadClass);
        }
        return "upcast";
    }

    private Object upcastAndDeserialize(String payloadType, String payloadRevision, String aggregateId,
                                        long sequence, long position, byte[] payload) {
        TrackedDomainEventData<byte[]> entry = new TrackedDomainEventData<>(
                new GlobalSequenceTrackingToken(position), new GenericDomainEventEntry<>(null,
                aggregateId, sequence, "decode-" + position, "1970-01-01T00:00:00Z",
                payloadType, payloadRevision, payload, "{}".getBytes(StandardCharsets.UTF_8)));
        return EventUtils.upcastAndDeserializeTrackedEvents(Stream.of(entry), serializer, upcasters)
                .findFirst().map(m -> m.getPayload()).orElse(null);
    }
}
