package io.pipelineledger.query.bench;

import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.generator.DomainEvents;
import io.pipelineledger.query.model.DealLedger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Generated CRM histories ({@link CrmHistoryGenerator}) turned into the domain events the command side would have
 * stored ({@link DomainEvents}) and applied to a {@link DealLedger} the way the projection applies them. Optionally
 * renames reps, teams and deals with a prefix, so several generated histories add up to one larger, realistic one.
 */
final class DomainHistories {

    private final DomainEvents events;

    DomainHistories(String prefix) {
        this.events = new DomainEvents(prefix);
    }

    /** The generator's settings for {@code reps} reps over {@code days} days up to {@code end}. */
    static CrmHistoryGenerator.Settings settings(long seed, int reps, int days, Instant end, double dealsPerRepPerMonth) {
        return new CrmHistoryGenerator.Settings(seed, reps, Math.max(1, reps / 30), end.minus(days, ChronoUnit.DAYS),
                end, dealsPerRepPerMonth, 0.05, 0.05);
    }

    /** Applies every event of the history, in delivery order; the number of events the ledger took as facts. */
    long applyAll(List<CrmEvent> history, DealLedger ledger) {
        long facts = 0;
        for (CrmEvent event : history) {
            DomainEvents.Stored stored = events.next(event);
            if (ledger.apply(stored.event(), stored.sequence())) {
                facts++;
            }
        }
        return facts;
    }
}
