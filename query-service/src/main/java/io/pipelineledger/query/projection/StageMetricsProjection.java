package io.pipelineledger.query.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.SalesProcessDefinedEvent;
import io.pipelineledger.query.api.FindDashboardQuery;
import io.pipelineledger.query.api.LedgerChangedUpdate;
import io.pipelineledger.query.model.DealLedger;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Projects the event stream into the read model every stage-metrics answer comes from: each fact goes into the
 * in-memory {@link DealLedger}, and the deals a batch touched are written to the durable read model in the
 * processor's transaction, with its token. Started, it first loads what was stored, then carries on from the
 * token; reset (replay), it forgets everything and rebuilds from the first event.
 */
@Component
@ProcessingGroup(StageMetricsProjection.PROCESSING_GROUP)
public class StageMetricsProjection {

    public static final String PROCESSING_GROUP = "stage-metrics";
    private static final Logger log = LoggerFactory.getLogger(StageMetricsProjection.class);
    private static final String BATCH = StageMetricsProjection.class.getName() + ".batch";
    private static final ObjectMapper JSON = EventJson.mapper();

    private final DealLedger ledger;
    private final ReadModelStore store;
    private final QueryUpdateEmitter updates;
    private final Clock clock;
    private final Timer lag;

    public StageMetricsProjection(DealLedger ledger, ReadModelStore store, QueryUpdateEmitter updates, Clock clock,
                                  MeterRegistry meters) {
        this.ledger = ledger;
        this.store = store;
        this.updates = updates;
        this.clock = clock;
        this.lag = Timer.builder("ledger.projection.lag")
                .description("From an event's recording to its effect on the stage metrics (committed)")
                .tag("processor", PROCESSING_GROUP)
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        restore();
    }

    /** Loads the durable read model into memory; the processor then resumes from its stored token. */
    private void restore() {
        long started = System.nanoTime();
        store.processes().forEach((version, json) -> ledger.defineProcess(version, parse(json)));
        store.forEachDeal(ledger::restore);
        log.info("Stage metrics read model loaded: {} deals, {} facts in {} ms", ledger.dealCount(),
                ledger.factsApplied(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @EventHandler
    public void on(OpportunityEvent event, @SequenceNumber Long sequence, EventMessage<?> message) {
        Batch batch = batch();
        if (ledger.apply(event, sequence == null ? -1 : sequence)) {
            batch.deals.add(event.opportunityId());
        }
        batch.recordedAt(message.getTimestamp().toEpochMilli());
    }

    @EventHandler
    public void on(SalesProcessDefinedEvent event, EventMessage<?> message) {
        ledger.defineProcess(event.version(), event.process());
        batch().processes.put(event.version(), event.process());
        batch().recordedAt(message.getTimestamp().toEpochMilli());
    }

    @ResetHandler
    public void reset() {
        log.info("Stage metrics replay: clearing the read model");
        store.clear();
        ledger.clear();
    }

    /** What one batch of the processor changed; written before its transaction commits. */
    private static final class Batch {
        final Set<OpportunityId> deals = new LinkedHashSet<>();
        final Map<Integer, SalesProcess> processes = new LinkedHashMap<>();
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
        Map<OpportunityId, byte[]> rows = new LinkedHashMap<>();
        for (OpportunityId id : batch.deals) {
            byte[] facts = ledger.export(id);
            if (facts != null) {
                rows.put(id, facts);
            }
        }
        store.saveDeals(rows);
        // deferred by the emitter until this transaction commits
        updates.emit(FindDashboardQuery.class, query -> true,
                new LedgerChangedUpdate(ledger.factsApplied(), ledger.dealCount()));
    }

    private void committed(Batch batch) {
        long now = clock.millis();
        for (int i = 0; i < batch.events; i++) {
            lag.record(Duration.ofMillis(Math.max(0, now - batch.recordedAt[i])));
        }
    }

    /** Memory ran ahead of the aborted transaction: put the touched deals back as stored. */
    private void rolledBack(Batch batch) {
        ledger.forget(batch.deals);
        store.deals(batch.deals).forEach(ledger::restore);
        store.processes().forEach((version, json) -> ledger.defineProcess(version, parse(json)));
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
