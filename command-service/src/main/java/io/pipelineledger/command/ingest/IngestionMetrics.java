package io.pipelineledger.command.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.util.Collection;

/** Counters of what ingestion did, for the actuator's metrics endpoint. */
@Component
public class IngestionMetrics {

    private final Counter accepted;
    private final Counter rejected;
    private final Counter retried;
    final Timer duplicateCheck;
    final Timer dispatch;
    final Timer commit;

    public IngestionMetrics(MeterRegistry registry) {
        accepted = Counter.builder("ledger.events.ingested").tag("outcome", "accepted").register(registry);
        rejected = Counter.builder("ledger.events.ingested").tag("outcome", "rejected").register(registry);
        retried = Counter.builder("ledger.ingest.batches.retried").register(registry);
        duplicateCheck = phase(registry, "duplicate-check");
        dispatch = phase(registry, "dispatch");
        commit = phase(registry, "commit");
    }

    /** Where a group-commit batch spends its time: finding duplicates, deciding in the aggregates, storing. */
    private static Timer phase(MeterRegistry registry, String phase) {
        return Timer.builder("ledger.ingest.batch.phase").tag("phase", phase).register(registry);
    }

    void recorded(Collection<Outcome> outcomes) {
        long ok = outcomes.stream().filter(o -> o.status() == Outcome.Status.ACCEPTED).count();
        accepted.increment(ok);
        rejected.increment(outcomes.size() - ok);
    }

    void batchRetried() {
        retried.increment();
    }
}
