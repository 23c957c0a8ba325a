package io.pipelineledger.query.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.stream.EventRecords;
import io.pipelineledger.events.spring.EventTopicConfig;
import io.pipelineledger.events.stream.EventTopic;
import io.pipelineledger.events.stream.KafkaEventSource;
import io.pipelineledger.events.stream.PayloadDecoder;
import io.pipelineledger.events.stream.StreamTables;
import io.pipelineledger.query.model.DealLedger;
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
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The three-service mode's query side ({@code ledger.kafka.enabled=true}): the stage metrics fed from the event
 * topic ({@code ledgerEventSource}, a subscribing processor, see ledger-query.yml) instead of the event store, with
 * offsets and dead letters in this service's own database. Instances of one consumer group share the partitions; each
 * holds the deals of its partitions.
 */
@Configuration
@ConditionalOnProperty(name = "ledger.kafka.enabled", havingValue = "true")
@Import(EventTopicConfig.class)
public class KafkaQueryConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaQueryConfig.class);

    @Bean
    public KafkaEventSource ledgerEventSource(EventTopic topic, JdbcTemplate jdbc, TransactionManager transactions,
                                              @Qualifier("eventSerializer") Serializer serializer,
                                              org.axonframework.config.Configuration axon, MeterRegistry meters,
                                              DealLedger ledger,
                                              @Value("${ledger.kafka.consumer.group:query-service}") String group,
                                              @Value("${ledger.kafka.consumer.max-poll-records:2000}") int maxPoll) {
        KafkaEventSource source = new KafkaEventSource(
                new KafkaEventSource.Settings(topic, group, maxPoll, Duration.ofMillis(100)),
                new PayloadDecoder(serializer, axon.upcasterChain()), transactions, new StreamTables(jdbc), meters);
        source.setPartitionOwner(new KafkaEventSource.PartitionOwner() {
            @Override
            public void owned(Set<Integer> owned, Set<Integer> fromStart, int partitions) {
                int dropped = ledger.forgetWhere(inPartitions(partitions,
                        partition -> !owned.contains(partition) || fromStart.contains(partition)));
                log.info("Holding the deals of partitions {} ({} deals of other or re-read partitions dropped)", owned,
                        dropped);
            }

            @Override
            public void released(Set<Integer> released, int partitions) {
                int dropped = ledger.forgetWhere(inPartitions(partitions, released::contains));
                log.info("Partitions {} went to another instance: {} deals dropped", released, dropped);
            }
        });
        return source;
    }

    private static Predicate<OpportunityId> inPartitions(int partitions, IntPredicate picked) {
        return id -> picked.test(EventRecords.partitionOf(id.value(), partitions));
    }

    /** A failure in the projection reaches the event source (which retries it, then sets the event aside). */
    @Autowired
    public void propagateErrors(EventProcessingConfigurer processing) {
        EventTopicConfig.propagateErrors(processing, StageMetricsProjection.PROCESSING_GROUP);
    }

    /** In the readiness group (ledger-query.yml): ready once the partitions held have been read to their end. */
    @Bean
    public HealthIndicator eventTopicHealthIndicator(KafkaEventSource source) {
        return source::health;
    }
}
