package io.pipelineledger.forecast.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipelineledger.events.stream.EventJournal;
import io.pipelineledger.events.spring.EventTopicConfig;
import io.pipelineledger.events.stream.EventTopic;
import io.pipelineledger.events.stream.KafkaEventSource;
import io.pipelineledger.events.stream.PayloadDecoder;
import io.pipelineledger.events.stream.StreamTables;
import io.pipelineledger.forecast.projection.ForecastProjection;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

/**
 * The three-service mode's forecast ({@code ledger.kafka.enabled=true}): deals and processes from the event topic
 * ({@code ledgerEventSource}, a subscribing processor, see ledger-forecast.yml), with offsets, dead letters and the
 * journal of applied events in this service's own database: the read model is in memory, so a restart loads its
 * snapshot, reads the journal's tail back and goes on from the stored offsets. One replica reads every partition
 * (the forecast learns from the whole company): each replica needs a consumer group and a database of its own.
 */
@Configuration
@ConditionalOnProperty(name = "ledger.kafka.enabled", havingValue = "true")
@Import(EventTopicConfig.class)
public class KafkaForecastConfig {

    /** The events applied since the read model's last snapshot (ForecastSnapshots drops those it holds). */
    @Bean
    public EventJournal forecastEventJournal(JdbcTemplate jdbc) {
        return new EventJournal(jdbc);
    }

    @Bean
    public KafkaEventSource ledgerEventSource(EventTopic topic, JdbcTemplate jdbc, TransactionManager transactions,
                                              EventJournal journal,
                                              @Qualifier("eventSerializer") Serializer serializer,
                                              org.axonframework.config.Configuration axon, MeterRegistry meters,
                                              @Value("${ledger.kafka.consumer.group:forecast-service}") String group,
                                              @Value("${ledger.kafka.consumer.max-poll-records:2000}") int maxPoll) {
        KafkaEventSource source = new KafkaEventSource(
                new KafkaEventSource.Settings(topic, group, maxPoll, Duration.ofMillis(100)),
                new PayloadDecoder(serializer, axon.upcasterChain()), transactions, new StreamTables(jdbc), meters);
        source.setJournal(journal);
        return source;
    }

    /** A failure in the projection reaches the event source (which retries it, then sets the event aside). */
    @Autowired
    public void propagateErrors(EventProcessingConfigurer processing) {
        EventTopicConfig.propagateErrors(processing, ForecastProjection.PROCESSING_GROUP);
    }

    /** In the readiness group (ledger-forecast.yml): ready once the whole topic has been read. */
    @Bean
    public HealthIndicator eventTopicHealthIndicator(KafkaEventSource source) {
        return source::health;
    }
}
