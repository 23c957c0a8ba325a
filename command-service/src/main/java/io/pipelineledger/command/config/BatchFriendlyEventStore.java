package io.pipelineledger.command.config;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Axon's embedded event store, made cheap for units of work that touch thousands of aggregates (the ingestion
 * writer's batches).
 * <ul>
 * <li>When an aggregate is loaded, Axon adds the events staged for it in the unit of work, found by collecting
 * every staged event with a list-contains check: quadratic in the events staged so far. This store remembers
 * which aggregates have staged events and skips the scan for all others (whose answer would be empty anyway).</li>
 * <li>Creating an aggregate reads its snapshot and events first, two queries that find nothing for a new deal.
 * The writer looks up which of a batch's aggregates exist in one query and marks the others known-absent; their
 * loads then skip the store. Another writer creating the same aggregate meanwhile still fails on the unique
 * (aggregate, sequence) index at commit.</li>
 * </ul>
 */
public class BatchFriendlyEventStore extends EmbeddedEventStore {

    private static final String STAGED_AGGREGATES = BatchFriendlyEventStore.class.getName() + ".staged";
    private static final String KNOWN_ABSENT = BatchFriendlyEventStore.class.getName() + ".absent";

    public BatchFriendlyEventStore(Builder builder) {
        super(builder);
    }

    @Override
    public void publish(List<? extends EventMessage<?>> events) {
        if (CurrentUnitOfWork.isStarted()) {
            Set<String> staged = CurrentUnitOfWork.get().root()
                    .getOrComputeResource(STAGED_AGGREGATES, key -> new HashSet<>());
            for (EventMessage<?> event : events) {
                if (event instanceof DomainEventMessage<?> domainEvent) {
                    staged.add(domainEvent.getAggregateIdentifier());
                }
            }
        }
        super.publish(events);
    }

    /** Declares, for the current unit of work, aggregates that have no stored events. */
    public static void markAbsent(Collection<String> aggregateIdentifiers) {
        CurrentUnitOfWork.get().root().getOrComputeResource(KNOWN_ABSENT, key -> new HashSet<String>())
                .addAll(aggregateIdentifiers);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> root = CurrentUnitOfWork.get().root();
            Set<String> absent = root.getResource(KNOWN_ABSENT);
            Set<String> staged = root.getResource(STAGED_AGGREGATES);
            if (absent != null && absent.contains(aggregateIdentifier)
                    && (staged == null || !staged.contains(aggregateIdentifier))) {
                return DomainEventStream.empty();
            }
        }
        return super.readEvents(aggregateIdentifier);
    }

    @Override
    protected Stream<? extends DomainEventMessage<?>> stagedDomainEventMessages(String aggregateIdentifier) {
        if (CurrentUnitOfWork.isStarted()) {
            Set<String> staged = CurrentUnitOfWork.get().root().getResource(STAGED_AGGREGATES);
            if (staged == null || !staged.contains(aggregateIdentifier)) {
                return Stream.empty();
            }
        }
        return super.stagedDomainEventMessages(aggregateIdentifier);
    }
}
