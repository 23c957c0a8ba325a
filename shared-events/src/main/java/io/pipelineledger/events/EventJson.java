package io.pipelineledger.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

import java.time.Instant;

/**
 * The one Jackson configuration of the event contract: ISO-8601 instants and dates, ids as plain strings, money
 * as {@code {"value":…,"currency":…}}, absent optional fields omitted, unknown fields ignored so that older
 * readers tolerate newer events, decimals read exactly (never through a double), also into trees. Documented in
 * shared-events/EVENTS.md; changing it changes stored JSON.
 */
public final class EventJson {

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return configure(JsonMapper.builder().build());
    }

    /** Axon's serializer for the event store and messages, in this form (every service that reads the store). */
    public static Serializer axonSerializer() {
        return JacksonSerializer.builder().objectMapper(mapper()).build();
    }

    /** Applies the contract's settings to a mapper (e.g. Spring's), returning it. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(new SimpleModule("fast-instants")
                        .addDeserializer(Instant.class, new FastInstantDeserializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // amounts pass through trees (CRM input, upcasters): a double would round them past ~16 digits
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
