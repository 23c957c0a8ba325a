package io.pipelineledger.command.process;

import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.DefineSalesProcessCommand;
import io.pipelineledger.events.Actor;
import io.pipelineledger.events.process.SalesProcess;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/** Defines process versions and answers which one is in force. Blocking: call it off the event loop. */
@Service
public class ProcessService {

    private final CommandGateway commandGateway;
    private final EventSourcedProcessCatalog catalog;
    private final Clock clock;

    public ProcessService(CommandGateway commandGateway, EventSourcedProcessCatalog catalog, Clock clock) {
        this.commandGateway = commandGateway;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Records the process as the next version, unless it equals the current one; returns the version in force.
     * {@code actor} is who was authenticated; {@code onBehalfOf} whom the client said it acted for, or null.
     */
    public VersionedProcess define(SalesProcess process, Actor actor, String onBehalfOf)
            throws CommandRejectedException {
        catalog.ensureInitialized();
        try {
            commandGateway.send(new DefineSalesProcessCommand(SalesProcessAggregate.PROCESS_ID, process,
                    clock.instant(), actor, onBehalfOf)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof CommandRejectedException rejected) {
                throw rejected;
            }
            throw e;
        }
        catalog.refresh();
        return catalog.current();
    }

    public VersionedProcess current() {
        return catalog.current();
    }

    public Optional<VersionedProcess> version(int version) {
        return catalog.version(version);
    }

    /** The latest version whose definition took effect (business time) at or before {@code at}. */
    public Optional<VersionedProcess> asOf(Instant at) {
        return catalog.versions().stream().filter(v -> !v.definedAt().isAfter(at)).reduce((a, b) -> b);
    }

    public List<VersionedProcess> versions() {
        return catalog.versions();
    }
}
