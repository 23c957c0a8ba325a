package io.pipelineledger.command.ingest;

import io.pipelineledger.events.OpportunityEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
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
 *
 * <p>Most posted ids are new. A Bloom filter of the recorded ids (and one of the opportunities, for the same
 * question about aggregates being created) (filled from the store at start, then by every
 * commit) answers "certainly not recorded" for them without a query; only ids it might contain are looked up.
 * When it is wrong the other way (another instance recorded the id meanwhile) the unique index fails the batch,
 * and the retry asks the store for every id.
 */
@Component
public class RecordedEventIds {

    public static final String PREFIX = "crm:";
    private static final int CHUNK = 5000;

    private final JdbcTemplate jdbc;
    private final BloomFilter<CharSequence> recorded;
    private final BloomFilter<CharSequence> opportunities;
    /** Until the filter holds every stored id, it may not be trusted to say "not recorded". */
    private volatile boolean complete;

    public RecordedEventIds(JdbcTemplate jdbc,
                            @Value("${ledger.ingest.expected-events:10000000}") long expectedEvents) {
        this.jdbc = jdbc;
        this.recorded = BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8), expectedEvents, 0.01);
        this.opportunities = BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8),
                Math.max(1, expectedEvents / 10), 0.01);
    }

    /** Fills the filters with every recorded CRM event id and opportunity. Blocking; call before ingestion. */
    public long load() {
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "SELECT aggregateIdentifier FROM DomainEventEntry WHERE sequenceNumber = 0");
            statement.setFetchSize(10_000);
            return statement;
        }, (ResultSet rows) -> {
            while (rows.next()) {
                opportunities.put(rows.getString(1));
            }
            return null;
        });
        Long loaded = jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "SELECT eventIdentifier FROM DomainEventEntry WHERE eventIdentifier LIKE 'crm:%'");
            statement.setFetchSize(10_000);
            return statement;
        }, (ResultSet rows) -> {
            long count = 0;
            while (rows.next()) {
                recorded.put(rows.getString(1).substring(PREFIX.length()));
                count++;
            }
            return count;
        });
        complete = true;
        return loaded == null ? 0 : loaded;
    }

    /** Call after the transaction that stored them committed. */
    public void remember(Collection<String> eventIds, Collection<String> opportunityIds) {
        eventIds.forEach(recorded::put);
        opportunityIds.forEach(opportunities::put);
    }

    /** Like {@link #existing}, but only asks the store about ids the filter might contain. */
    public Set<String> existingProbably(Collection<String> eventIds) {
        return complete ? existing(eventIds.stream().filter(recorded::mightContain).toList()) : existing(eventIds);
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

    /** Like {@link #existingOpportunities}, but only asks the store about ids the filter might contain. */
    public Set<String> existingOpportunitiesProbably(Collection<String> opportunityIds) {
        return existingOpportunities(complete
                ? opportunityIds.stream().filter(opportunities::mightContain).toList() : opportunityIds);
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
