package io.pipelineledger.command.process;

import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.DefineSalesProcessCommand;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.SalesProcessDefinedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** The ledger's sales process: each definition that differs from the current one becomes the next version. */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver")
public class SalesProcessAggregate {

    public static final String PROCESS_ID = "sales-process";

    @AggregateIdentifier
    private String processId;
    private int version;
    private SalesProcess current;

    protected SalesProcessAggregate() {
        // for Axon
    }

    /** Returns the version now in force: a new one, or the current one when nothing changed. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(DefineSalesProcessCommand command) throws CommandRejectedException {
        ProcessRules.validate(command.process());
        if (command.process().equals(current)) {
            return version;
        }
        int next = version + 1;
        apply(new SalesProcessDefinedEvent("process:v" + next, command.processId(), command.occurredAt(), next,
                command.process(), command.actor(), command.onBehalfOf()));
        return next;
    }

    @EventSourcingHandler
    void on(SalesProcessDefinedEvent event) {
        processId = event.processId();
        version = event.version();
        current = event.process();
    }
}
