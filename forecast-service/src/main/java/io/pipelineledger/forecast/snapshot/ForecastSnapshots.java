package io.pipelineledger.forecast.snapshot;

import io.pipelineledger.events.stream.EventJournal;
import io.pipelineledger.events.stream.KafkaEventSource;
import io.pipelineledger.events.stream.StreamTables;
import io.pipelineledger.forecast.projection.ForecastLedger;
import io.pipelineledger.forecast.projection.ForecastProjection;
import io.pipelineledger.forecast.projection.ForecastSubmissionsProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the forecast's in-memory read model durable as a snapshot plus the tail of events since, so a start does not
 * read the whole stream again. At construction (before any processor starts) the stored snapshot is loaded and the
 * processors are told to begin after the positions it covers; a snapshot of another format, or damaged, is logged
 * and dropped, and the read model is rebuilt from the first event. While running, a snapshot is written once
 * {@code ledger.forecast.snapshot.every-events} events arrived since the last one, and at shutdown.
 * <p>
 * Snapshot and position never disagree: in one process the position is in the snapshot itself (each processor's
 * token, read before the read model is copied, so the read model holds at least what the token covers; the rest is
 * redelivered and skipped by sequence). In the three-service mode the position is the event journal: in one
 * transaction the snapshot is written and the journal rows it holds are dropped (those visible before the copy), so
 * a start replays only the journal's tail, then goes on from the stored offsets.
 */
public final class ForecastSnapshots implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ForecastSnapshots.class);

    /** {@code ledger.forecast.snapshot.*}. */
    public record Settings(boolean enabled, long everyEvents, Duration checkEvery, boolean atShutdown) {
    }

    private final ForecastLedger ledger;
    private final ForecastTokens tokens;
    private final ForecastSnapshotStore store;
    private final TransactionTemplate transactions;
    private final Settings settings;
    /** The three-service mode's journal and topic; null in one process. */
    private final EventJournal journal;
    private final KafkaEventSource topic;
    private final JdbcTemplate jdbc;
    private final Object writing = new Object();
    private volatile long receivedAtSnapshot;
    private volatile boolean running;
    private ScheduledExecutorService scheduler;

    public ForecastSnapshots(ForecastLedger ledger, ForecastTokens tokens, JdbcTemplate jdbc,
                             PlatformTransactionManager transactionManager, Settings settings,
                             EventJournal journal, KafkaEventSource topic) {
        this.ledger = ledger;
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.store = new ForecastSnapshotStore(jdbc);
        this.transactions = new TransactionTemplate(transactionManager);
        this.settings = settings;
        this.journal = journal;
        this.topic = topic;
        if (settings.enabled()) {
            restore();
        }
    }

    /** Loads the stored snapshot, if any and readable, into the ledger and the processors' starting positions. */
    private void restore() {
        long started = System.nanoTime();
        byte[] stored = store.load();
        if (stored == null) {
            log.info("Forecast read model: no snapshot stored, reading the event stream from the first event");
            return;
        }
        try {
            ForecastSnapshotCodec.Positions positions = ForecastSnapshotCodec.decode(stored, ledger);
            tokens.startAt(ForecastProjection.PROCESSING_GROUP, positions.forecast(),
                    ForecastSubmissionsProjection.PROCESSING_GROUP, positions.submissions());
            log.info("Forecast read model: snapshot of {} deals ({} bytes) loaded in {} ms; reading the events "
                            + "after {}", ledger.view().deals().deals().size(), stored.length,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    journal != null ? "it from the journal, then the topic" : positions.forecast());
        } catch (ForecastSnapshotCodec.Unreadable e) {
            log.warn("Forecast read model: the stored snapshot is unusable ({}); it is dropped and the read model "
                    + "rebuilt from the first event", e.getMessage());
            transactions.executeWithoutResult(status -> {
                store.clear();
                if (journal != null) {
                    // the journal holds only the tail after the lost snapshot: read the whole topic again instead
                    journal.forgetAll();
                    StreamTables offsets = new StreamTables(jdbc);
                    String group = topic.settings().group();
                    String name = topic.settings().topic().topic();
                    offsets.forgetOffsets(group, name, offsets.offsets(group, name).keySet());
                }
            });
        }
    }

    /**
     * Writes a snapshot of the read model now (nothing when it is disabled or nothing arrived since the last one).
     * Returns whether one was written.
     */
    public boolean snapshot() {
        if (!settings.enabled()) {
            return false;
        }
        synchronized (writing) {
            long received = ledger.received();
            if (received == receivedAtSnapshot) {
                return false;
            }
            long started = System.nanoTime();
            int[] size = {0};
            transactions.executeWithoutResult(status -> {
                // positions first: the copy below then holds at least what they cover
                Map<Integer, Long> journalled = journal == null ? Map.of() : journal.lastOffsets();
                ForecastSnapshotCodec.Positions positions = new ForecastSnapshotCodec.Positions(
                        ForecastTokens.position(tokens.forecast(), ForecastProjection.PROCESSING_GROUP),
                        ForecastTokens.position(tokens.submissions(), ForecastSubmissionsProjection.PROCESSING_GROUP));
                byte[] snapshot = ForecastSnapshotCodec.encode(positions, ledger);
                store.save(snapshot);
                if (journal != null) {
                    journal.forgetUpTo(journalled);
                }
                size[0] = snapshot.length;
            });
            receivedAtSnapshot = received;
            log.info("Forecast read model: snapshot written ({} bytes, {} events received since the start) in {} ms",
                    size[0], received, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return true;
        }
    }

    private void snapshotIfDue() {
        try {
            if (ledger.received() - receivedAtSnapshot >= settings.everyEvents()) {
                snapshot();
            }
        } catch (RuntimeException e) {
            log.error("Forecast read model: writing the snapshot failed; the next check tries again", e);
        }
    }

    @Override
    public synchronized void start() {
        // receivedAtSnapshot stays 0 (what the loaded snapshot holds): the processors start in earlier phases and may
        // have read the tail already, which the next snapshot must take in
        if (settings.enabled()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "forecast-snapshots");
                thread.setDaemon(true);
                return thread;
            });
            long every = settings.checkEvery().toMillis();
            scheduler.scheduleWithFixedDelay(this::snapshotIfDue, every, every, TimeUnit.MILLISECONDS);
        }
        running = true;
    }

    /** After the event topic's consumer stopped (a later phase stops first): a last snapshot. */
    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        if (settings.enabled() && settings.atShutdown()) {
            try {
                snapshot();
            } catch (RuntimeException e) {
                log.error("Forecast read model: the shutdown snapshot failed; the next start reads a longer tail", e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Below the event topic's consumer ({@code Integer.MAX_VALUE - 200}), so it stops after it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 300;
    }
}
