package io.pipelineledger.query.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipelineledger.events.spring.EventTopicConfig;
import io.pipelineledger.events.stream.ConsumerGroups;
import io.pipelineledger.events.stream.EventTopic;
import io.pipelineledger.events.stream.KafkaEventSource;
import io.pipelineledger.events.stream.PayloadDecoder;
import io.pipelineledger.events.stream.StreamTables;
import io.pipelineledger.query.projection.StageMetricsProjection;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * The three-service mode's query side ({@code ledger.kafka.enabled=true}): the stage metrics fed from the event
 * topic ({@code ledgerEventSource}, a subscribing processor, see ledger-query.yml) instead of the event store, with
 * offsets and dead letters in this service's own database. Every instance reads every partition, so any replica
 * answers for the whole company.
 */
@Configuration
@ConditionalOnProperty(name = "ledger.kafka.enabled", havingValue = "true")
@Import(EventTopicConfig.class)
public class KafkaQueryConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaQueryConfig.class);

    /**
     * Reads every partition with the group its read model's database names ({@link ReplicaGroup}); refuses to start
     * when that group is already read by another instance (the same database twice).
     */
    @Bean
    public KafkaEventSource ledgerEventSource(EventTopic topic, JdbcTemplate jdbc, TransactionManager transactions,
                                              @Qualifier("eventSerializer") Serializer serializer,
                                              org.axonframework.config.Configuration axon, MeterRegistry meters,
                                              @Value("${ledger.kafka.consumer.group:query-service}") String prefix,
                                              @Value("${ledger.kafka.consumer.max-poll-records:2000}") int maxPoll) {
        StreamTables tables = new StreamTables(jdbc);
        String group = ReplicaGroup.of(jdbc, prefix);
        ConsumerGroups.requireNoMember(topic.bootstrapServers(), group, "Another query-service instance uses this "
                + "same read model (its database names the group, table ledger_query_replica): give every replica "
                + "a database or schema of its own (deploy/README.md, \"Query replicas\")");
        log.info("Reading every partition of {} as consumer group {}", topic.topic(), group);
        return new KafkaEventSource(new KafkaEventSource.Settings(topic, group, maxPoll, Duration.ofMillis(100)),
                new PayloadDecoder(serializer, axon.upcasterChain()), transactions, tables, meters);
    }

    /** A failure in the projection reaches the event source (which retries it, then sets the event aside). */
    @Autowired
    public void propagateErrors(EventProcessingConfigurer processing) {
        EventTopicConfig.propagateErrors(processing, StageMetricsProjection.PROCESSING_GROUP);
    }

    /** In the readiness group (ledger-query.yml): ready once every partition has been read to its end. */
    @Bean
    public HealthIndicator eventTopicHealthIndicator(KafkaEventSource source) {
        return source::health;
    }
}
