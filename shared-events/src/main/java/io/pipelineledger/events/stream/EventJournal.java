package io.pipelineledger.events.stream;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * For a read model that lives in memory (the forecast's): the events it applied, kept in the service's own database
 * in the same transaction as the offsets, so a restart reads them back from there and goes on from the stored
 * offsets — rather than reading the whole topic again or, worse, resuming at offsets whose facts memory lost. A
 * snapshot of the read model may take the place of the entries it holds ({@link #forgetUpTo}): the journal is then
 * only the tail since.
 */
public final class EventJournal {

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;

    public EventJournal(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(5_000);
        jdbc.execute("CREATE TABLE IF NOT EXISTS ledger_event_journal (partition_no INT NOT NULL, "
                + "record_offset BIGINT NOT NULL, event_id VARCHAR(1000) NOT NULL, payload_type VARCHAR(1000) NOT NULL, "
                + "payload_revision VARCHAR(255), aggregate_type VARCHAR(255), aggregate_id VARCHAR(1000) NOT NULL, "
                + "sequence_number BIGINT NOT NULL, recorded_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                + "global_index BIGINT NOT NULL, payload BYTEA NOT NULL, PRIMARY KEY (partition_no, record_offset))");
    }

    /** Joins the caller's transaction. */
    void append(List<Entry> entries) {
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            PublishedEvent event = entry.event();
            rows.add(new Object[]{entry.partition(), entry.offset(), event.eventId(), event.payloadType(),
                    event.payloadRevision(), event.aggregateType(), event.aggregateId(), event.sequence(),
                    Timestamp.from(event.timestamp()), event.globalIndex(), event.payload()});
        }
        jdbc.batchUpdate("INSERT INTO ledger_event_journal (partition_no, record_offset, event_id, payload_type, "
                + "payload_revision, aggregate_type, aggregate_id, sequence_number, recorded_at, global_index, payload) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    /** Every journalled event, in order per partition, in chunks. */
    void readAll(int chunk, Consumer<List<PublishedEvent>> consumer) {
        List<PublishedEvent> events = new ArrayList<>(chunk);
        streaming.query("SELECT event_id, payload_type, payload_revision, aggregate_type, aggregate_id, "
                + "sequence_number, recorded_at, global_index, payload FROM ledger_event_journal "
                + "ORDER BY partition_no, record_offset", rs -> {
            events.add(new PublishedEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getLong(6), rs.getTimestamp(7).toInstant(), rs.getLong(8), rs.getBytes(9)));
            if (events.size() == chunk) {
                consumer.accept(List.copyOf(events));
                events.clear();
            }
        });
        if (!events.isEmpty()) {
            consumer.accept(List.copyOf(events));
        }
    }

    /** Joins the caller's transaction. */
    void forget(Collection<Integer> partitions) {
        for (int partition : partitions) {
            jdbc.update("DELETE FROM ledger_event_journal WHERE partition_no = ?", partition);
        }
    }

    /** The highest journalled offset of each partition (what a snapshot of the read model taken now covers). */
    public Map<Integer, Long> lastOffsets() {
        Map<Integer, Long> last = new HashMap<>();
        jdbc.query("SELECT partition_no, MAX(record_offset) FROM ledger_event_journal GROUP BY partition_no", rs -> {
            last.put(rs.getInt(1), rs.getLong(2));
        });
        return last;
    }

    /** Drops the entries a snapshot of the read model now holds. Joins the caller's transaction. */
    public void forgetUpTo(Map<Integer, Long> offsets) {
        offsets.forEach((partition, offset) -> jdbc.update(
                "DELETE FROM ledger_event_journal WHERE partition_no = ? AND record_offset <= ?", partition, offset));
    }

    /** Drops every entry (the read model is rebuilt from the topic). Joins the caller's transaction. */
    public void forgetAll() {
        jdbc.update("DELETE FROM ledger_event_journal");
    }

    record Entry(int partition, long offset, PublishedEvent event) {
    }
}
