package io.pipelineledger.command.ingest;

import io.pipelineledger.events.OpportunityEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The CRM's idempotency key is the stored event's own identifier: an event recorded for CRM event id {@code X}
 * is stored with message identifier {@code crm:X}. The event store's unique index on that identifier makes a
 * second fact with the same key impossible (a concurrent duplicate fails its transaction), it survives restarts
 * with the events themselves, and asking whether an id was recorded is an index lookup.
 */
@Component
public class RecordedEventIds {

    public static final String PREFIX = "crm:";
    private static final int CHUNK = 5000;

    private final JdbcTemplate jdbc;

    public RecordedEventIds(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static String messageIdentifier(String crmEventId) {
        return PREFIX + crmEventId;
    }

    /** The CRM event ids among {@code eventIds} that are already recorded. */
    public Set<String> existing(Collection<String> eventIds) {
        Set<String> found = new HashSet<>();
        anyOf("SELECT eventIdentifier FROM DomainEventEntry WHERE eventIdentifier = ANY (?)",
                eventIds.stream().map(RecordedEventIds::messageIdentifier).toList())
                .forEach(id -> found.add(id.substring(PREFIX.length())));
        return found;
    }

    /** The opportunities among {@code opportunityIds} that have events in the store. */
    public Set<String> existingOpportunities(Collection<String> opportunityIds) {
        return new HashSet<>(anyOf("SELECT aggregateIdentifier FROM DomainEventEntry WHERE sequenceNumber = 0 "
                + "AND aggregateIdentifier = ANY (?)", List.copyOf(opportunityIds)));
    }

    /**
     * One statement with an array parameter per chunk: unlike an IN list, its (server-side prepared, generic) plan
     * stays an index lookup on PostgreSQL whatever the number of values.
     */
    private List<String> anyOf(String sql, List<String> values) {
        List<String> found = new ArrayList<>();
        for (int from = 0; from < values.size(); from += CHUNK) {
            Object[] chunk = values.subList(from, Math.min(values.size(), from + CHUNK)).toArray();
            found.addAll(jdbc.execute((ConnectionCallback<List<String>>) connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setArray(1, connection.createArrayOf("VARCHAR", chunk));
                    List<String> rows = new ArrayList<>();
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            rows.add(result.getString(1));
                        }
                    }
                    return rows;
                }
            }));
        }
        return found;
    }

    /** Gives every opportunity event the identifier derived from its CRM event id, just before it is stored. */
    public static MessageDispatchInterceptor<EventMessage<?>> identifierInterceptor() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(
                    List<? extends EventMessage<?>> messages) {
                return (index, message) -> withCrmIdentifier(message);
            }
        };
    }

    private static EventMessage<?> withCrmIdentifier(EventMessage<?> message) {
        if (message instanceof DomainEventMessage<?> domain && domain.getPayload() instanceof OpportunityEvent fact) {
            String identifier = messageIdentifier(fact.eventId());
            if (!identifier.equals(domain.getIdentifier())) {
                return new GenericDomainEventMessage<>(domain.getType(), domain.getAggregateIdentifier(),
                        domain.getSequenceNumber(), domain.getPayload(), domain.getMetaData(), identifier,
                        domain.getTimestamp());
            }
        }
        return message;
    }
}
