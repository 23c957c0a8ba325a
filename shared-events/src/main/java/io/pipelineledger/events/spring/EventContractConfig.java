package io.pipelineledger.events.spring;

import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.MilestoneAchievedEvidenceUpcaster;
import io.pipelineledger.events.process.SalesProcessDefinedActorUpcaster;
import org.axonframework.config.Configuration;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import java.time.Clock;

/**
 * What every service needs (in the one-process app the command side imports it once): the contract's Jackson form
 * for every message, the upcasters, a clock, and a query bus. Imported by the command side's Axon configuration and
 * by the query and forecast services' standalone configuration.
 */
@org.springframework.context.annotation.Configuration
@Import(RequestLimitsConfig.class)
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
    public EventUpcaster salesProcessDefinedActorUpcaster() {
        return new SalesProcessDefinedActorUpcaster();
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Queries are answered from in-memory read models, so the query bus opens no database transaction (Axon's
     * default does): reads need no pooled connection and keep answering while the database is away.
     */
    @Bean
    public QueryBus queryBus(Configuration axon) {
        return SimpleQueryBus.builder()
                .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
                .queryUpdateEmitter(axon.getComponent(QueryUpdateEmitter.class))
                .build();
    }
}
