package io.pipelineledger.forecast.config;

import io.pipelineledger.events.stream.EventJournal;
import io.pipelineledger.events.stream.KafkaEventSource;
import io.pipelineledger.forecast.engine.ForecastSettings;
import io.pipelineledger.forecast.projection.ForecastLedger;
import io.pipelineledger.forecast.projection.ForecastProjection;
import io.pipelineledger.forecast.projection.ForecastSubmissionsProjection;
import io.pipelineledger.forecast.snapshot.ForecastSnapshots;
import io.pipelineledger.forecast.snapshot.ForecastTokens;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;

/**
 * The forecast read model, its snapshots, the engine's settings, and the forecast processors' in-memory tokens
 * (seeded from the snapshot at start).
 */
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

    /** A field, not only a bean: {@link #inMemoryTokens} runs while this configuration is being created. */
    private final ForecastTokens tokens = new ForecastTokens();

    @Bean
    public ForecastTokens forecastTokens() {
        return tokens;
    }

    /** Loads the read model's snapshot when created (before the processors start); see ForecastSnapshots. */
    @Bean
    public ForecastSnapshots forecastSnapshots(ForecastLedger ledger, ForecastTokens tokens, JdbcTemplate jdbc,
                                               PlatformTransactionManager transactions,
                                               @Value("${ledger.forecast.snapshot.enabled:true}") boolean enabled,
                                               @Value("${ledger.forecast.snapshot.every-events:50000}") long every,
                                               @Value("${ledger.forecast.snapshot.check-every:PT5S}") Duration check,
                                               @Value("${ledger.forecast.snapshot.at-shutdown:true}") boolean atStop,
                                               ObjectProvider<EventJournal> journal,
                                               ObjectProvider<KafkaEventSource> topic) {
        return new ForecastSnapshots(ledger, tokens, jdbc, transactions,
                new ForecastSnapshots.Settings(enabled, every, check, atStop), journal.getIfAvailable(),
                topic.getIfAvailable());
    }

    /**
     * The read model is in memory, so its position is too: each start goes on from the snapshot's positions (or
     * the first event without one). In the three-service mode the forecast group reads the event topic instead, see
     * KafkaForecastConfig.
     */
    @Autowired
    public void inMemoryTokens(EventProcessingConfigurer processing) {
        processing.registerTokenStore(ForecastProjection.PROCESSING_GROUP, c -> tokens.forecast());
        processing.registerTokenStore(ForecastSubmissionsProjection.PROCESSING_GROUP, c -> tokens.submissions());
    }
}
