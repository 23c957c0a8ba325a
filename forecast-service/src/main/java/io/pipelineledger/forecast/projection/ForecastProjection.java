package io.pipelineledger.forecast.projection;

import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import io.pipelineledger.events.process.SalesProcessDefinedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Feeds the forecast's read model from the event stream: deals, processes and exchange rates. In one process its tracking tokens are
 * kept in memory (see {@code ForecastConfig}) like the read model; a start loads the read model's snapshot and reads
 * the stream from the position it covers ({@code ForecastSnapshots}). In the three-service mode the stream is the
 * event topic ({@code KafkaForecastConfig}).
 */
@Component
@ProcessingGroup(ForecastProjection.PROCESSING_GROUP)
public class ForecastProjection {

    public static final String PROCESSING_GROUP = "forecast";

    private final ForecastLedger ledger;

    public ForecastProjection(ForecastLedger ledger) {
        this.ledger = ledger;
    }

    @EventHandler
    public void on(OpportunityEvent event, @SequenceNumber Long sequence, @Timestamp Instant recordedAt) {
        ledger.apply(event, sequence == null ? -1 : sequence, recordedAt);
    }

    /** Rates reach the forecast like every other fact (three services: the topic, key {@code exchange-rates}). */
    @EventHandler
    public void on(ExchangeRateSetEvent event) {
        ledger.rateSet(event);
    }

    @EventHandler
    public void on(SalesProcessDefinedEvent event) {
        ledger.defineProcess(event.version(), event.process());
    }
}
