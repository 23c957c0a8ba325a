package io.pipelineledger.events.spring;

import io.pipelineledger.events.stream.EventTopic;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The event topic every service of the three-service mode shares ({@code ledger.kafka.*}); imported by each. */
@Configuration
public class EventTopicConfig {

    @Bean
    public EventTopic eventTopic(@Value("${ledger.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers,
                                 @Value("${ledger.kafka.topic:pipeline-ledger.events}") String topic,
                                 @Value("${ledger.kafka.partitions:12}") int partitions,
                                 @Value("${ledger.kafka.replication-factor:1}") short replicationFactor) {
        return new EventTopic(bootstrapServers, topic, partitions, replicationFactor);
    }

    /**
     * Lets a failure in the processing group's handlers reach the {@code KafkaEventSource} feeding it (which retries,
     * then sets the event aside) instead of Axon's default of logging and going on.
     */
    public static void propagateErrors(EventProcessingConfigurer processing, String processingGroup) {
        processing.registerListenerInvocationErrorHandler(processingGroup, c -> PropagatingErrorHandler.instance());
        processing.registerErrorHandler(processingGroup, c -> PropagatingErrorHandler.instance());
    }
}
