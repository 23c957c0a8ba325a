package io.pipelineledger.command.process;

import io.pipelineledger.command.api.DefineSalesProcessCommand;
import io.pipelineledger.events.Actor;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.SalesProcessDefinedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Process versions read from the process aggregate's own event stream. The first use on an empty ledger records
 * the default seven-stage process as version 1, effective from the epoch so that backfilled history runs under it.
 * Reads are lock-free; loading and refreshing are blocking and must not run inside a unit of work.
 */
@Component
public class EventSourcedProcessCatalog implements ProcessCatalog {

    private static final Logger log = LoggerFactory.getLogger(EventSourcedProcessCatalog.class);

    private final EventStore eventStore;
    private final CommandGateway commandGateway;
    private final ConcurrentSkipListMap<Integer, VersionedProcess> versions = new ConcurrentSkipListMap<>();
    private volatile boolean initialized;

    public EventSourcedProcessCatalog(EventStore eventStore, CommandGateway commandGateway) {
        this.eventStore = eventStore;
        this.commandGateway = commandGateway;
    }

    @Override
    public VersionedProcess current() {
        ensureInitialized();
        return versions.lastEntry().getValue();
    }

    @Override
    public Optional<VersionedProcess> version(int version) {
        ensureInitialized();
        VersionedProcess found = versions.get(version);
        if (found == null && !CurrentUnitOfWork.isStarted()) {
            refresh();
            found = versions.get(version);
        }
        return Optional.ofNullable(found);
    }

    @Override
    public List<VersionedProcess> versions() {
        ensureInitialized();
        return List.copyOf(versions.values());
    }

    /** Loads the versions, recording the default process first if the ledger has none. */
    public void ensureInitialized() {
        if (initialized) {
            return;
        }
        synchronized (this) {
            if (initialized) {
                return;
            }
            refresh();
            if (versions.isEmpty()) {
                try {
                    commandGateway.sendAndWait(new DefineSalesProcessCommand(SalesProcessAggregate.PROCESS_ID,
                            DefaultSalesProcess.get(), Instant.EPOCH, Actor.LEDGER_DEFAULT, null));
                    log.info("Recorded the default seven-stage sales process as version 1");
                } catch (ConcurrencyException alreadyDefinedElsewhere) {
                    log.info("Another instance defined the first process version first");
                }
                refresh();
            }
            initialized = true;
        }
    }

    /** Reads versions recorded since the last one known (by this or another instance). */
    public synchronized void refresh() {
        long nextSequence = versions.isEmpty() ? 0 : versions.lastKey();
        eventStore.readEvents(SalesProcessAggregate.PROCESS_ID, nextSequence).asStream()
                .forEach(this::add);
    }

    private void add(DomainEventMessage<?> message) {
        if (message.getPayload() instanceof SalesProcessDefinedEvent defined) {
            versions.put(defined.version(), new VersionedProcess(defined.version(), defined.process(),
                    defined.occurredAt(), message.getTimestamp(), defined.actor(), defined.onBehalfOf()));
        }
    }
}
