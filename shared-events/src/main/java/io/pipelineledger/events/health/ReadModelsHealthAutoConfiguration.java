package io.pipelineledger.events.health;

import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The {@code readModels} health indicator in every process with event processors (query, forecast, the one-process
 * app); each service names it in its readiness group (its yml).
 */
@AutoConfiguration
@ConditionalOnClass({HealthIndicator.class, EventProcessingConfiguration.class})
public class ReadModelsHealthAutoConfiguration {

    @Bean
    public ReadModelsHealth readModels(ObjectProvider<EventProcessingConfiguration> processing,
                                       ObjectProvider<Configuration> axon) {
        return new ReadModelsHealth(processing::getIfUnique, () -> head(axon.getIfUnique()));
    }

    /** The head of the process's event store (the source of its streaming processors); null when there is none. */
    private static TrackingToken head(Configuration axon) {
        EventBus bus = axon == null ? null : axon.eventBus();
        return bus instanceof StreamableMessageSource<?> store ? store.createHeadToken() : null;
    }
}
