package io.pipelineledger.command.publish;

import io.pipelineledger.events.stream.PublishedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The event store read forward from a stored position, for the publisher. Global indices are taken when a row is
 * inserted but become visible when its transaction commits, so a reader can see index 12 before 11: indices skipped
 * over are kept as gaps and looked for again with every read, until {@code gapTimeout} (a rolled-back insert never
 * fills its index) or until they fall {@value #MAX_GAP_OFFSET} behind — as Axon's own gap-aware tokens do. An
 * opportunity's events always come from one writer, in order, so a late gap never reorders one deal's events.
 * <p>
 * {@link #next} reads ahead without moving the stored position; {@link #commit} stores how far the last read got
 * (after Kafka acknowledged it), {@link #rewindToStored} forgets a read that was not sent.
 */
final class StoredEventFeed {

    static final int MAX_GAP_OFFSET = 10_000;
    private static final String COLUMNS = "globalIndex, eventIdentifier, aggregateIdentifier, sequenceNumber, type, "
            + "payloadType, payloadRevision, timeStamp, payload";

    private final JdbcTemplate jdbc;
    private final String name;
    private final Duration gapTimeout;
    private final Clock clock;
    private long last = -1;
    /** Missing index → when it was first seen missing (epoch millis). */
    private TreeMap<Long, Long> gaps = new TreeMap<>();
    private long readLast;
    private TreeMap<Long, Long> readGaps;

    StoredEventFeed(JdbcTemplate jdbc, String name, Duration gapTimeout, Clock clock) {
        this.jdbc = jdbc;
        this.name = name;
        this.gapTimeout = gapTimeout;
        this.clock = clock;
        rewindToStored();
    }

    /** Up to {@code max} events after the position (and any gap filled since), in global order. */
    List<PublishedEvent> next(int max) {
        List<PublishedEvent> events = new ArrayList<>(jdbc.query("SELECT " + COLUMNS
                + " FROM DomainEventEntry WHERE globalIndex > ? ORDER BY globalIndex LIMIT ?", this::row, last, max));
        if (!gaps.isEmpty()) {
            // one bound array rather than an IN list built anew each poll: the statement (and its plan) stays the same
            Object[] indices = gaps.keySet().toArray();
            events.addAll(jdbc.query("SELECT " + COLUMNS + " FROM DomainEventEntry WHERE globalIndex = ANY (?)",
                    ps -> ps.setArray(1, ps.getConnection().createArrayOf("BIGINT", indices)), this::row));
            events.sort(Comparator.comparingLong(PublishedEvent::globalIndex));
        }
        readLast = last;
        readGaps = new TreeMap<>(gaps);
        long now = clock.millis();
        for (PublishedEvent event : events) {
            long index = event.globalIndex();
            if (index > readLast) {
                for (long missing = Math.max(readLast + 1, index - MAX_GAP_OFFSET); missing < index; missing++) {
                    readGaps.put(missing, now);
                }
                readLast = index;
            } else {
                readGaps.remove(index);
            }
        }
        readGaps.headMap(readLast - MAX_GAP_OFFSET).clear();
        readGaps.values().removeIf(since -> now - since > gapTimeout.toMillis());
        return events;
    }

    /** Stores the position the last {@link #next} reached. */
    void commit() {
        String gapList = readGaps.entrySet().stream().map(gap -> gap.getKey() + ":" + gap.getValue())
                .collect(Collectors.joining(","));
        if (jdbc.update("UPDATE ledger_publisher_position SET last_index = ?, gaps = ? WHERE publisher = ?",
                readLast, gapList, name) == 0) {
            jdbc.update("INSERT INTO ledger_publisher_position (publisher, last_index, gaps) VALUES (?, ?, ?)",
                    name, readLast, gapList);
        }
        last = readLast;
        gaps = readGaps;
    }

    /** Back to before the first event, stored. */
    void restart() {
        readLast = -1;
        readGaps = new TreeMap<>();
        commit();
    }

    /** Back to the stored position (the last read was not sent). */
    void rewindToStored() {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT last_index, gaps FROM ledger_publisher_position WHERE publisher = ?", name);
        last = -1;
        gaps = new TreeMap<>();
        if (!rows.isEmpty()) {
            last = ((Number) rows.get(0).get("last_index")).longValue();
            String stored = (String) rows.get(0).get("gaps");
            if (stored != null && !stored.isEmpty()) {
                for (String gap : stored.split(",")) {
                    String[] parts = gap.split(":");
                    gaps.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                }
            }
        }
        readLast = last;
        readGaps = new TreeMap<>(gaps);
    }

    /** The stored position (last global index sent). */
    long position() {
        return last;
    }

    /** The highest global index stored, -1 when none. */
    long head() {
        Long head = jdbc.queryForObject("SELECT MAX(globalIndex) FROM DomainEventEntry", Long.class);
        return head == null ? -1 : head;
    }

    private PublishedEvent row(ResultSet rs, int row) throws SQLException {
        return new PublishedEvent(rs.getString(2), rs.getString(6), rs.getString(7), rs.getString(5),
                rs.getString(3), rs.getLong(4), Instant.parse(rs.getString(8)), rs.getLong(1), rs.getBytes(9));
    }
}
