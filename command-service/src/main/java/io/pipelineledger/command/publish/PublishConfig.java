package io.pipelineledger.command.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipelineledger.events.spring.EventTopicConfig;
import io.pipelineledger.events.stream.EventTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;

/**
 * The three-service mode's command side ({@code ledger.kafka.enabled=true}): the event store published to the event
 * topic by {@link EventPublisher}, its state in the health endpoint (not in readiness: the ledger keeps accepting
 * facts while Kafka is away, and publishes them when it is back).
 */
@Configuration
@ConditionalOnProperty(name = "ledger.kafka.enabled", havingValue = "true")
@Import(EventTopicConfig.class)
public class PublishConfig {

    @Bean
    public EventPublisher eventPublisher(EventTopic topic, JdbcTemplate jdbc, Clock clock, MeterRegistry meters,
                                  @Value("${ledger.kafka.publisher.batch-size:5000}") int batchSize,
                                  @Value("${ledger.kafka.publisher.idle-poll:PT0.01S}") Duration idlePoll,
                                  @Value("${ledger.kafka.publisher.gap-timeout:PT60S}") Duration gapTimeout) {
        return new EventPublisher(topic, new StoredEventFeed(jdbc, "event-topic:" + topic.topic(), gapTimeout, clock),
                batchSize, idlePoll, clock, meters);
    }

    @Bean
    HealthIndicator eventPublisherHealth(EventPublisher publisher) {
        return () -> (publisher.healthy() ? Health.up() : Health.outOfService())
                .withDetail("publishedUpTo", publisher.position()).build();
    }
}
