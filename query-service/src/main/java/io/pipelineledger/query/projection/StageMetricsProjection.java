package io.pipelineledger.query.projection;

import io.pipelineledger.events.stream.PayloadDecoder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.SalesProcessDefinedEvent;
import io.pipelineledger.query.api.FindDashboardQuery;
import io.pipelineledger.query.api.LedgerChangedUpdate;
import io.pipelineledger.query.model.ChangeLog;
import io.pipelineledger.query.model.DealLedger;
import io.pipelineledger.query.model.QueryExchangeRates;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Projects the event stream into the read model every stage-metrics answer comes from: each fact goes into the
 * in-memory {@link DealLedger}, and the facts a batch added are appended to the durable read model as one change row
 * in the processor's transaction, with its token. Every {@code ledger.query.snapshot-every-facts} facts the deals
 * changed since are written whole (the snapshot) and the older change rows dropped. Started, it loads the snapshot
 * and the change rows, then carries on from the token; reset (replay), it forgets everything and rebuilds from the
 * first event. Exchange rates are kept the same way (memory, and a table written in the batch's transaction).
 */
@Component
@ProcessingGroup(StageMetricsProjection.PROCESSING_GROUP)
public class StageMetricsProjection {

    public static final String PROCESSING_GROUP = "stage-metrics";
    private static final Logger log = LoggerFactory.getLogger(StageMetricsProjection.class);
    private static final String BATCH = StageMetricsProjection.class.getName() + ".batch";
    private static final ObjectMapper JSON = EventJson.mapper();
    /** A rebuilt read model is written as rows of about this many bytes (a row per deal took seconds on H2). */
    private static final int REBUILD_CHUNK_BYTES = 8 << 20;

    private final DealLedger ledger;
    private final QueryExchangeRates rates;
    private final ReadModelStore store;
    private final QueryUpdateEmitter updates;
    private final Clock clock;
    private final Timer lag;
    private final TransactionTemplate transactions;
    private final long snapshotEvery;
    /** Deals changed since the last snapshot, and how many facts the change rows since hold. */
    private final Set<OpportunityId> changedSinceSnapshot = ConcurrentHashMap.newKeySet();
    private final AtomicLong factsSinceSnapshot = new AtomicLong();
    private final Object snapshotting = new Object();
    /** Set when memory holds facts the durable read model may lack (see {@link #rolledBack}). */
    private volatile boolean snapshotWithNextBatch;

    public StageMetricsProjection(DealLedger ledger, QueryExchangeRates rates, ReadModelStore store,
                                  QueryUpdateEmitter updates, Clock clock,
                                  MeterRegistry meters, PlatformTransactionManager transactionManager,
                                  @Value("${ledger.query.snapshot-every-facts:1000000}") long snapshotEvery) {
        this.ledger = ledger;
        this.rates = rates;
        this.store = store;
        this.updates = updates;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.snapshotEvery = snapshotEvery;
        this.lag = Timer.builder("ledger.projection.lag")
                .description("From an event's recording to its effect on the stage metrics (committed)")
                .tag("processor", PROCESSING_GROUP)
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        restore();
    }

    /**
     * Loads the durable read model into memory (snapshot, then change rows) and folds the change rows into the
     * snapshot; the processor then resumes from its stored token.
     */
    private void restore() {
        long started = System.nanoTime();
        store.processes().forEach((version, json) -> ledger.defineProcess(version, parse(json)));
        store.rates().forEach(kept -> rates.record(kept.rate(), kept.correction()));
        store.forEachDealBatch(chunk -> ledger.restoreAll(chunk, id -> true));
        store.forEachDeal(ledger::restore);
        long changes = store.forEachChange(bytes -> ledger.applyChanges(bytes, id -> true, changedSinceSnapshot));
        if (changes > 0) {
            transactions.executeWithoutResult(status -> snapshot());
        }
        log.info("Stage metrics read model loaded: {} deals, {} facts, {} exchange rates in {} ms",
                ledger.dealCount(), ledger.factsApplied(), rates.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @EventHandler
    public void on(OpportunityEvent event, @SequenceNumber Long sequence, EventMessage<?> message) {
        Batch batch = batch();
        ledger.apply(event, sequence == null ? -1 : sequence, batch.changes);
        batch.recordedAt(message.getTimestamp().toEpochMilli());
    }

    @EventHandler
    public void on(SalesProcessDefinedEvent event, EventMessage<?> message) {
        ledger.defineProcess(event.version(), event.process());
        batch().processes.put(event.version(), event.process());
        batch().recordedAt(message.getTimestamp().toEpochMilli());
    }

    /** A rate the answers' amounts convert with from now on (a correction for the same date replaces it). */
    @EventHandler
    public void on(ExchangeRateSetEvent event, EventMessage<?> message) {
        QueryExchangeRates.Kept kept = rates.record(event);
        if (kept != null) {
            batch().rates.add(kept);
        }
        batch().recordedAt(message.getTimestamp().toEpochMilli());
    }

    /**
     * Rebuilds the read model from every stored event while the processor is stopped: straight into memory (no
     * batch transactions, no per-batch rows), then the snapshot of every deal (as a few large rows), the processes and, through
     * {@code storeTokens}, the processor's tokens at the last event, in one transaction. Returns the events read.
     */
    public long rebuild(StoredEventReader reader, PayloadDecoder decoder, Consumer<TrackingToken> storeTokens) {
        try {
            return rebuildOrFail(reader, decoder, storeTokens);
        } catch (RuntimeException | Error e) {
            // nothing was committed: put back the read model as stored, so the processor goes on from its old token
            // over complete deals (a half-rebuilt deal written by a later snapshot would lose facts for good)
            log.error("Rebuilding the stage metrics failed; the stored read model is loaded again", e);
            forgetMemory();
            restore();
            throw e;
        }
    }

    private long rebuildOrFail(StoredEventReader reader, PayloadDecoder decoder, Consumer<TrackingToken> storeTokens) {
        long started = System.nanoTime();
        forgetMemory();
        Map<Integer, SalesProcess> processes = new ConcurrentHashMap<>();
        long[] read = {0};
        TrackingToken[] last = {null};
        // this thread reads the store; RebuildWorkers threads decode the payloads and apply them, each deal always
        // on the same one (its facts stay in order)
        try (RebuildWorkers workers = new RebuildWorkers(stored -> {
            Object payload = stored.decodeWith(decoder);
            if (payload instanceof OpportunityEvent event) {
                ledger.apply(event, stored.sequence());
            } else if (payload instanceof SalesProcessDefinedEvent defined) {
                ledger.defineProcess(defined.version(), defined.process());
                processes.put(defined.version(), defined.process());
            } else if (payload instanceof ExchangeRateSetEvent rate) {
                rates.record(rate);
            }
        })) {
            last[0] = reader.readAll(stored -> {
                workers.submit(stored);
                read[0]++;
            });
        }
        long applied = System.nanoTime();
        transactions.executeWithoutResult(status -> {
            store.clear();
            processes.forEach((version, process) -> store.saveProcess(version, json(process)));
            store.saveRates(rates.all());
            ledger.exportAll(REBUILD_CHUNK_BYTES, store::appendDealBatch);
            storeTokens.accept(last[0]);
        });
        log.info("Stage metrics rebuilt from {} events in {} ms ({} ms reading and applying, {} ms writing {} deals)",
                read[0], TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                TimeUnit.NANOSECONDS.toMillis(applied - started),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - applied), ledger.dealCount());
        return read[0];
    }

    @ResetHandler
    public void reset() {
        log.info("Stage metrics replay: clearing the read model");
        store.clear();
        forgetMemory();
    }

    /** Empties the in-memory read model and what the next snapshot would write. */
    private void forgetMemory() {
        ledger.clear();
        rates.clear();
        changedSinceSnapshot.clear();
        factsSinceSnapshot.set(0);
    }

    /** What one batch of the processor changed; written before its transaction commits. */
    private static final class Batch {
        final ChangeLog changes = new ChangeLog();
        final Map<Integer, SalesProcess> processes = new LinkedHashMap<>();
        final List<QueryExchangeRates.Kept> rates = new ArrayList<>();
        long[] recordedAt = new long[64];
        int events;

        void recordedAt(long millis) {
            if (events == recordedAt.length) {
                recordedAt = java.util.Arrays.copyOf(recordedAt, events * 2);
            }
            recordedAt[events++] = millis;
        }
    }

    private Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(u -> write(batch));
            unitOfWork.afterCommit(u -> committed(batch));
            unitOfWork.onRollback(u -> rolledBack(batch));
            return batch;
        });
    }

    private void write(Batch batch) {
        batch.processes.forEach((version, process) -> store.saveProcess(version, json(process)));
        if (!batch.rates.isEmpty()) {
            store.saveRates(batch.rates);
        }
        if (batch.changes.facts() > 0) {
            store.appendChanges(batch.changes.bytes());
            changedSinceSnapshot.addAll(batch.changes.deals());
            if (factsSinceSnapshot.addAndGet(batch.changes.facts()) >= snapshotEvery) {
                snapshot();
            }
        }
        if (snapshotWithNextBatch) {
            snapshotWithNextBatch = false;
            snapshot();
        }
        if (batch.changes.facts() > 0 || !batch.processes.isEmpty() || !batch.rates.isEmpty()) {
            // deferred by the emitter until this transaction commits
            updates.emit(FindDashboardQuery.class, query -> true,
                    new LedgerChangedUpdate(ledger.factsApplied(), ledger.dealCount()));
        }
    }

    private void committed(Batch batch) {
        long now = clock.millis();
        for (int i = 0; i < batch.events; i++) {
            lag.record(Duration.ofMillis(Math.max(0, now - batch.recordedAt[i])));
        }
    }

    /**
     * Writes the deals changed since the last snapshot whole and drops the change rows they cover, in the current
     * transaction. Memory holds every committed change row's facts (and perhaps a concurrent batch's, which the
     * sequence check makes harmless), so the rows up to the highest id visible now are covered.
     */
    private void snapshot() {
        synchronized (snapshotting) {
            long covered = store.lastChangeId();
            List<OpportunityId> changed = new ArrayList<>(changedSinceSnapshot);
            changedSinceSnapshot.removeAll(changed);
            factsSinceSnapshot.set(0);
            for (int from = 0; from < changed.size(); from += 5_000) {
                Map<OpportunityId, byte[]> rows = new LinkedHashMap<>();
                for (OpportunityId id : changed.subList(from, Math.min(changed.size(), from + 5_000))) {
                    byte[] facts = ledger.export(id);
                    if (facts != null) {
                        rows.put(id, facts);
                    }
                }
                store.saveDeals(rows);
            }
            store.deleteChangesUpTo(covered);
            log.info("Stage metrics snapshot: {} deals written, change rows up to {} dropped", changed.size(),
                    covered);
        }
    }

    /**
     * Memory ran ahead of the aborted transaction: put the touched deals back as stored. Everything is read before
     * anything is forgotten: if the database that failed the batch fails this read too, memory keeps the deals
     * (their facts are stored events, redelivered and skipped by sequence; the next snapshot writes them whole)
     * rather than losing them to a half-done reload.
     */
    private void rolledBack(Batch batch) {
        Set<OpportunityId> deals = batch.changes.deals();
        Map<OpportunityId, byte[]> stored = new LinkedHashMap<>();
        List<byte[]> changes = new ArrayList<>();
        Map<Integer, String> processes;
        try {
            store.forEachDealBatch(chunk -> DealLedger.entries(chunk, deals::contains, stored::put));
            stored.putAll(store.deals(deals)); // rows a later snapshot wrote replace the rebuild's
            store.forEachChange(changes::add);
            processes = store.processes();
        } catch (RuntimeException e) {
            log.error("Reloading {} deals after a failed batch failed; they stay as in memory and are written whole "
                    + "with the next batch", deals.size(), e);
            changedSinceSnapshot.addAll(deals);
            snapshotWithNextBatch = true;
            return;
        }
        ledger.forget(deals);
        stored.forEach(ledger::restore);
        changes.forEach(bytes -> ledger.applyChanges(bytes, deals::contains, new HashSet<>()));
        processes.forEach((version, json) -> ledger.defineProcess(version, parse(json)));
    }

    private static String json(SalesProcess process) {
        try {
            return JSON.writeValueAsString(process);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SalesProcess parse(String json) {
        try {
            return JSON.readValue(json, SalesProcess.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored sales process is unreadable", e);
        }
    }
}
