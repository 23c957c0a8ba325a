package io.pipelineledger.forecast.command;

import io.pipelineledger.events.ForecastSubmittedEvent;
import io.pipelineledger.forecast.api.SubmitForecastCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One submission to finance: recorded once, never changed (a changed mind is a new submission). */
@Aggregate
public class ForecastSubmission {

    @AggregateIdentifier
    private String submissionId;

    protected ForecastSubmission() {
        // for Axon
    }

    /** True when recorded now; false when this submission was recorded before (a retry). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(SubmitForecastCommand command) {
        if (submissionId != null) {
            return false;
        }
        apply(command.event());
        return true;
    }

    @EventSourcingHandler
    void on(ForecastSubmittedEvent event) {
        submissionId = event.eventId(); // "submission:<id>": apart from opportunities' ids
    }
}
