package io.pipelineledger.query.projection;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads Axon's event table straight, in global order and in index ranges, for a rebuild: only the columns a
 * projection needs (no identifiers, metadata or timestamps to parse), rows handed on with their payload still
 * serialized, so the one reading thread does little more than JDBC while workers decode. Returns the tracking token
 * a processor would hold after the last row read, with the indices missing among the last
 * {@value #MAX_GAP_OFFSET} as gaps (an in-flight transaction may still fill them), as Axon's own store does.
 */
final class StoredEventReader {

    static final int MAX_GAP_OFFSET = 10_000;
    private static final String SELECT = "SELECT globalIndex, aggregateIdentifier, sequenceNumber, payloadType, "
            + "payloadRevision, payload FROM DomainEventEntry WHERE globalIndex > ? AND globalIndex <= ? "
            + "ORDER BY globalIndex";

    private final DataSource dataSource;
    private final int range;

    StoredEventReader(DataSource dataSource, int range) {
        this.dataSource = dataSource;
        this.range = range;
    }

    /** Every stored event up to the highest index at the start, in order; the token after the last (null: none). */
    TrackingToken readAll(Consumer<StoredEvent> consumer) {
        try (Connection connection = dataSource.getConnection()) {
            long head;
            try (Statement max = connection.createStatement();
                 ResultSet rs = max.executeQuery("SELECT MAX(globalIndex) FROM DomainEventEntry")) {
                rs.next();
                head = rs.getLong(1);
                if (rs.wasNull()) {
                    return null;
                }
            }
            long last = -1;
            TreeSet<Long> gaps = new TreeSet<>();
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setFetchSize(range);
                for (long from = -1; from < head; from += range) {
                    select.setLong(1, from);
                    select.setLong(2, Math.min(head, from + range));
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            long index = rs.getLong(1);
                            for (long missing = Math.max(last + 1, index - MAX_GAP_OFFSET); missing < index; missing++) {
                                gaps.add(missing);
                            }
                            last = index;
                            if (!gaps.isEmpty() && gaps.first() < last - MAX_GAP_OFFSET) {
                                gaps.headSet(last - MAX_GAP_OFFSET).clear();
                            }
                            consumer.accept(new StoredEvent(index, rs.getString(2), rs.getLong(3), rs.getString(4),
                                    rs.getString(5), rs.getBytes(6)));
                        }
                    }
                }
            }
            return last < 0 ? null : GapAwareTrackingToken.newInstance(last, gaps);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the event store for a rebuild failed", e);
        }
    }
}
