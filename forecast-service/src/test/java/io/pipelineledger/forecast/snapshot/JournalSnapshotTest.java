package io.pipelineledger.forecast.snapshot;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.generator.DomainEvents;
import io.pipelineledger.events.stream.EventJournal;
import io.pipelineledger.events.stream.EventTopic;
import io.pipelineledger.events.stream.KafkaEventSource;
import io.pipelineledger.events.stream.PayloadDecoder;
import io.pipelineledger.events.stream.StreamTables;
import io.pipelineledger.forecast.projection.ForecastLedger;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three-service mode's snapshot against a real database (H2): the snapshot takes the place of the journal rows
 * it holds, in one transaction, and a restart gets the read model back from it; an unusable snapshot makes the next
 * start drop it together with the journal and the stored offsets, so the whole topic is read again (rather than a
 * journal tail being taken for the whole read model).
 */
class JournalSnapshotTest {

    private static final String GROUP = "forecast-service";
    private static final String TOPIC = "pipeline-ledger.events";
    private final DriverManagerDataSource dataSource = new DriverManagerDataSource(
            "jdbc:h2:mem:journal-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
    private final EventJournal journal = new EventJournal(jdbc);
    private final StreamTables tables = new StreamTables(jdbc);
    private final KafkaEventSource topic = new KafkaEventSource(new KafkaEventSource.Settings(
            new EventTopic("localhost:9", TOPIC, 2, (short) 1), GROUP, 100, Duration.ofMillis(100)),
            new PayloadDecoder(EventJson.axonSerializer(), NoOpEventUpcaster.INSTANCE), NoTransactionManager.INSTANCE,
            tables, new SimpleMeterRegistry());
    private final ForecastSnapshots.Settings settings = new ForecastSnapshots.Settings(true, 1_000_000,
            Duration.ofHours(1), true);

    @Test
    void theSnapshotReplacesTheJournalRowsItHoldsAndARestartReadsItBack() {
        ForecastLedger ledger = ledgerWithHistory();
        journalRows(0, 10);
        journalRows(1, 5);
        ForecastSnapshots snapshots = new ForecastSnapshots(ledger, new ForecastTokens(), jdbc, transactions,
                settings, journal, topic);
        assertThat(snapshots.snapshot()).isTrue();
        assertThat(count("ledger_event_journal")).as("journal rows the snapshot holds").isZero();

        ForecastLedger restarted = new ForecastLedger();
        new ForecastSnapshots(restarted, new ForecastTokens(), jdbc, transactions, settings, journal, topic);
        assertThat(restarted.view().deals().factCount()).isEqualTo(ledger.view().deals().factCount())
                .isPositive();
        assertThat(restarted.view().deals().deals().size()).isEqualTo(ledger.view().deals().deals().size());
    }

    @Test
    void anUnusableSnapshotIsDroppedWithTheJournalAndTheOffsetsSoTheTopicIsReadAgain() {
        ForecastSnapshots snapshots = new ForecastSnapshots(ledgerWithHistory(), new ForecastTokens(), jdbc,
                transactions, settings, journal, topic);
        assertThat(snapshots.snapshot()).isTrue();
        journalRows(0, 3); // a tail after the snapshot
        tables.saveOffsets(GROUP, TOPIC, Map.of(0, 3L, 1, 7L));
        byte[] chunk = jdbc.queryForObject("SELECT bytes FROM forecast_snapshot WHERE chunk_no = 0", byte[].class);
        chunk[5] ^= 0x01; // the format number
        jdbc.update("UPDATE forecast_snapshot SET bytes = ? WHERE chunk_no = 0", (Object) chunk);

        ForecastLedger restarted = new ForecastLedger();
        new ForecastSnapshots(restarted, new ForecastTokens(), jdbc, transactions, settings, journal, topic);
        assertThat(restarted.view().deals().factCount()).as("nothing taken from the unusable snapshot").isZero();
        assertThat(count("forecast_snapshot")).isZero();
        assertThat(count("ledger_event_journal")).as("the tail alone is not the read model").isZero();
        assertThat(tables.offsets(GROUP, TOPIC)).as("the topic is read from its beginning").isEmpty();
    }

    @Test
    void eventsReadBeforeTheLifecycleStartsAreInTheShutdownSnapshot() {
        ForecastLedger ledger = new ForecastLedger();
        ForecastSnapshots snapshots = new ForecastSnapshots(ledger, new ForecastTokens(), jdbc, transactions,
                settings, null, null);
        // the processors start in earlier lifecycle phases: the tail may be read before this bean's start
        ForecastLedger history = ledgerWithHistory();
        DomainEvents domain = new DomainEvents();
        new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(4, 4, 1,
                Instant.parse("2026-10-01T00:00:00Z").minus(200, ChronoUnit.DAYS),
                Instant.parse("2026-10-01T00:00:00Z"), 3.0, 0.05, 0.05)).events().forEach(e -> {
                    DomainEvents.Stored stored = domain.next(e);
                    ledger.apply(stored.event(), stored.sequence());
                });
        snapshots.start();
        snapshots.stop();

        ForecastLedger restarted = new ForecastLedger();
        new ForecastSnapshots(restarted, new ForecastTokens(), jdbc, transactions, settings, null, null);
        assertThat(restarted.view().deals().factCount()).as("the shutdown snapshot holds the tail")
                .isEqualTo(history.view().deals().factCount()).isPositive();
    }

    private static ForecastLedger ledgerWithHistory() {
        Instant end = Instant.parse("2026-10-01T00:00:00Z");
        ForecastLedger ledger = new ForecastLedger();
        DomainEvents domain = new DomainEvents();
        new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(4, 4, 1, end.minus(200, ChronoUnit.DAYS),
                end, 3.0, 0.05, 0.05)).events().forEach(e -> {
                    DomainEvents.Stored stored = domain.next(e);
                    ledger.apply(stored.event(), stored.sequence());
                });
        return ledger;
    }

    private void journalRows(int partition, int count) {
        for (int offset = 0; offset < count; offset++) {
            jdbc.update("INSERT INTO ledger_event_journal (partition_no, record_offset, event_id, payload_type, "
                            + "payload_revision, aggregate_type, aggregate_id, sequence_number, recorded_at, "
                            + "global_index, payload) VALUES (?, ?, ?, 'x', NULL, 'Opportunity', 'OPP-1', ?, ?, ?, ?)",
                    partition, offset, "e-" + partition + "-" + offset, offset, Timestamp.from(Instant.now()),
                    offset, new byte[]{1});
        }
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }
}
