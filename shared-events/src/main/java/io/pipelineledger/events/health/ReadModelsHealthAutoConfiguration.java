package io.pipelineledger.events.health;

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
                                       ObjectProvider<EventBus> eventBus) {
        return new ReadModelsHealth(processing::getIfAvailable, () -> head(eventBus.getIfAvailable()));
    }

    private static TrackingToken head(EventBus bus) {
        return bus instanceof StreamableMessageSource<?> store ? store.createHeadToken() : null;
    }
}
