package io.pipelineledger.forecast.projection;

import io.pipelineledger.events.ForecastSubmittedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Feeds the submitted forecasts into the read model. A group of its own because submissions are recorded by this
 * service: in the three-service mode they live in its own event store, not on the event topic. Tokens in memory, as
 * the forecast's (see {@code ForecastConfig}).
 */
@Component
@ProcessingGroup(ForecastSubmissionsProjection.PROCESSING_GROUP)
public class ForecastSubmissionsProjection {

    public static final String PROCESSING_GROUP = "forecast-submissions";

    private final ForecastLedger ledger;

    public ForecastSubmissionsProjection(ForecastLedger ledger) {
        this.ledger = ledger;
    }

    @EventHandler
    public void on(ForecastSubmittedEvent event) {
        ledger.submitted(event);
    }
}
