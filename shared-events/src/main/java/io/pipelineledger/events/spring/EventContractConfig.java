package io.pipelineledger.events.spring;

import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.MilestoneAchievedEvidenceUpcaster;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;

/**
 * What a service reading events needs when it runs alone (in the one-process app the command side provides it): the
 * contract's Jackson form for every message, the upcasters, a clock. Imported by the query and forecast services'
 * standalone configuration.
 */
@Configuration
public class EventContractConfig {

    @Bean
    @Primary
    public Serializer serializer() {
        return EventJson.axonSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer() {
        return EventJson.axonSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return EventJson.axonSerializer();
    }

    @Bean
    public EventUpcaster milestoneAchievedEvidenceUpcaster() {
        return new MilestoneAchievedEvidenceUpcaster();
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
