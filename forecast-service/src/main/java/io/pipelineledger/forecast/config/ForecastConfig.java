package io.pipelineledger.forecast.config;

import io.pipelineledger.forecast.engine.ForecastSettings;
import io.pipelineledger.forecast.projection.ForecastLedger;
import io.pipelineledger.forecast.projection.ForecastProjection;
import io.pipelineledger.forecast.projection.ForecastSubmissionsProjection;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The forecast read model, the engine's settings, and the forecast processor's in-memory tokens. */
@Configuration
public class ForecastConfig {

    @Bean
    public ForecastLedger forecastLedger() {
        return new ForecastLedger();
    }

    /** Defaults from the engine; the draws and seed can be set ({@code ledger.forecast.*}). */
    @Bean
    public ForecastSettings forecastSettings(@Value("${ledger.forecast.simulations:1000}") int simulations,
                                             @Value("${ledger.forecast.seed:20260101}") long seed,
                                             @Value("${ledger.forecast.commit-threshold:0.7}") double commit,
                                             @Value("${ledger.forecast.best-case-threshold:0.4}") double bestCase) {
        return ForecastSettings.defaults().withSimulations(simulations).withSeed(seed)
                .withThresholds(commit, bestCase);
    }

    /**
     * The read model is in memory, so its position must be too: each start reads the stream from the beginning (in
     * the three-service mode the forecast group reads the event topic instead, see KafkaForecastConfig).
     */
    @Autowired
    public void inMemoryTokens(EventProcessingConfigurer processing) {
        processing.registerTokenStore(ForecastProjection.PROCESSING_GROUP, c -> new InMemoryTokenStore());
        processing.registerTokenStore(ForecastSubmissionsProjection.PROCESSING_GROUP, c -> new InMemoryTokenStore());
    }
}
