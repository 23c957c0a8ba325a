package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.generator.DomainEvents;

import java.time.Instant;
import java.util.List;

/**
 * Generated CRM histories ({@link CrmHistoryGenerator}) as the domain events the command side stores
 * ({@link DomainEvents}), optionally renamed with a prefix so several histories add up to one larger ledger.
 */
final class GeneratedHistories {

    private final DomainEvents events;

    GeneratedHistories(String prefix) {
        this.events = new DomainEvents(prefix);
    }

    /** A generated history of {@code reps} reps over [start, end), as deal histories. */
    static DealHistories generate(long seed, int reps, int teamsPerRegion, Instant start, Instant end,
                                  double dealsPerRepPerMonth) {
        return DealHistories.of(events(seed, reps, teamsPerRegion, start, end, dealsPerRepPerMonth));
    }

    /** The same history as domain events, in delivery order (late facts late). */
    static List<OpportunityEvent> events(long seed, int reps, int teamsPerRegion, Instant start, Instant end,
                                         double dealsPerRepPerMonth) {
        return DomainEvents.of(new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(seed, reps,
                teamsPerRegion, start, end, dealsPerRepPerMonth, 0.05, 0.05)).events());
    }

    void addAll(List<CrmEvent> history, DealHistories.Builder builder) {
        history.forEach(event -> builder.add(events.next(event).event()));
    }
}
