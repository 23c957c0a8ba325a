package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.pipelineledger.events.OpportunityEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Each recorded event also carries its fact's {@link FactFingerprint} in its metadata, written in the same row and
 * transaction as the id: the same id posted with other content is told apart from a retry. Events stored before
 * fingerprints existed have none; their ids count as the same fact whatever is posted (as they always did).
 */
@Component
public class RecordedEventIds {

    public static final String PREFIX = "crm:";
    private static final int CHUNK = 5000;
    private static final String STAGED_FINGERPRINTS = RecordedEventIds.class.getName() + ".fingerprints";
    private static final JsonFactory METADATA_JSON = new JsonFactory();

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

    public static String messageIdentifier(String crmEventId) {
        return PREFIX + crmEventId;
    }

    /** The CRM event ids among {@code eventIds} that are already recorded. */
    public Set<String> existing(Collection<String> eventIds) {
        return new HashSet<>(fingerprints(eventIds).keySet());
    }

    /** Like {@link #fingerprints}, but only asks the store about ids the filter might contain. */
    public Map<String, String> fingerprintsProbably(Collection<String> eventIds) {
        return complete ? fingerprints(eventIds.stream().filter(recorded::mightContain).toList())
                : fingerprints(eventIds);
    }

    /**
     * The recorded ones among {@code eventIds}, each with the fingerprint of the fact it was recorded for (a null
     * value: recorded before fingerprints were kept).
     */
    public Map<String, String> fingerprints(Collection<String> eventIds) {
        Map<String, String> found = new HashMap<>();
        List<String> identifiers = eventIds.stream().map(RecordedEventIds::messageIdentifier).toList();
        for (int from = 0; from < identifiers.size(); from += CHUNK) {
            Object[] chunk = identifiers.subList(from, Math.min(identifiers.size(), from + CHUNK)).toArray();
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT eventIdentifier, metaData FROM DomainEventEntry WHERE eventIdentifier = ANY (?)")) {
                    statement.setArray(1, connection.createArrayOf("VARCHAR", chunk));
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            found.put(rows.getString(1).substring(PREFIX.length()), fingerprintIn(rows.getBytes(2)));
                        }
                    }
                }
                return null;
            });
        }
        return found;
    }

    /** The fingerprint in stored metadata (Jackson's form of Axon's MetaData: one JSON object), or null. */
    static String fingerprintIn(byte[] metaData) {
        if (metaData == null || metaData.length == 0) {
            return null;
        }
        try (JsonParser json = METADATA_JSON.createParser(metaData)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (FactFingerprint.METADATA_KEY.equals(name) && value == JsonToken.VALUE_STRING) {
                    return json.getText();
                }
                json.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null; // unreadable metadata says nothing about the content: treated like an old event
        }
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

    /**
     * Declares, for the current unit of work, the fingerprint of each fact (by CRM event id) that it may record; the
     * {@link #identifierInterceptor} stores it with the event.
     */
    public static void stageFingerprints(Map<String, String> byEventId) {
        CurrentUnitOfWork.get().root().getOrComputeResource(STAGED_FINGERPRINTS, key -> new HashMap<String, String>())
                .putAll(byEventId);
    }

    /**
     * Gives every opportunity event the identifier derived from its CRM event id, and its fact's fingerprint, just
     * before it is stored.
     */
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
            String fingerprint = stagedFingerprint(fact.eventId());
            MetaData metaData = fingerprint == null ? domain.getMetaData()
                    : domain.getMetaData().and(FactFingerprint.METADATA_KEY, fingerprint);
            if (!identifier.equals(domain.getIdentifier()) || metaData != domain.getMetaData()) {
                return new GenericDomainEventMessage<>(domain.getType(), domain.getAggregateIdentifier(),
                        domain.getSequenceNumber(), domain.getPayload(), metaData, identifier,
                        domain.getTimestamp());
            }
        }
        return message;
    }

    private static String stagedFingerprint(String eventId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        Map<String, String> staged = CurrentUnitOfWork.get().root().getResource(STAGED_FINGERPRINTS);
        return staged == null ? null : staged.get(eventId);
    }
}
