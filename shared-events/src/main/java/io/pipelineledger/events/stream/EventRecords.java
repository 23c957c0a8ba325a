package io.pipelineledger.events.stream;

import io.pipelineledger.events.process.SalesProcessDefinedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The event topic's record format, part of the event contract (see EVENTS.md): key = aggregate identifier (the
 * opportunity id, so a deal's events stay in order on one partition), value = the payload exactly as stored (the
 * contract's JSON), headers = the rest of the event store's row. A sales process definition concerns every deal, so
 * it is sent to every partition ({@link #broadcast}); consumers apply it idempotently by version.
 */
public final class EventRecords {

    public static final String EVENT_ID = "ledger-event-id";
    public static final String PAYLOAD_TYPE = "ledger-payload-type";
    public static final String PAYLOAD_REVISION = "ledger-payload-revision";
    public static final String AGGREGATE_TYPE = "ledger-aggregate-type";
    public static final String SEQUENCE = "ledger-sequence";
    public static final String TIMESTAMP = "ledger-timestamp";
    public static final String GLOBAL_INDEX = "ledger-global-index";
    private static final String PROCESS_DEFINED = SalesProcessDefinedEvent.class.getName();

    private EventRecords() {
    }

    /** Sent to every partition rather than its key's. */
    public static boolean broadcast(PublishedEvent event) {
        return PROCESS_DEFINED.equals(event.payloadType());
    }

    /** The partition a key lands on under Kafka's default partitioner (murmur2 of the key's bytes). */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The record of an event; {@code partition} null lets the key choose it. */
    public static ProducerRecord<String, byte[]> toRecord(String topic, Integer partition, PublishedEvent event) {
        Headers headers = new RecordHeaders();
        add(headers, EVENT_ID, event.eventId());
        add(headers, PAYLOAD_TYPE, event.payloadType());
        add(headers, PAYLOAD_REVISION, event.payloadRevision());
        add(headers, AGGREGATE_TYPE, event.aggregateType());
        add(headers, SEQUENCE, Long.toString(event.sequence()));
        add(headers, TIMESTAMP, event.timestamp().toString());
        add(headers, GLOBAL_INDEX, Long.toString(event.globalIndex()));
        return new ProducerRecord<>(topic, partition, event.timestamp().toEpochMilli(), event.aggregateId(),
                event.payload(), headers);
    }

    /**
     * The event a record carries.
     *
     * @throws IllegalArgumentException naming what is missing or malformed (a record not written by the ledger)
     */
    public static PublishedEvent fromRecord(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.key().isBlank()) {
            throw new IllegalArgumentException("record without a key (aggregate identifier)");
        }
        if (record.value() == null) {
            throw new IllegalArgumentException("record without a payload");
        }
        Headers headers = record.headers();
        try {
            return new PublishedEvent(required(headers, EVENT_ID), required(headers, PAYLOAD_TYPE),
                    optional(headers, PAYLOAD_REVISION), optional(headers, AGGREGATE_TYPE), record.key(),
                    Long.parseLong(required(headers, SEQUENCE)), Instant.parse(required(headers, TIMESTAMP)),
                    Long.parseLong(required(headers, GLOBAL_INDEX)), record.value());
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("malformed header: " + e.getMessage(), e);
        }
    }

    private static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String required(Headers headers, String name) {
        String value = optional(headers, name);
        if (value == null) {
            throw new IllegalArgumentException("record without header " + name);
        }
        return value;
    }

    /** A header's value as text; null when absent or without a value. */
    static String optional(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
