package io.pipelineledger.command.config;

import io.pipelineledger.command.ingest.CrmEventParser;
import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.MilestoneAchievedEvidenceUpcaster;
import org.axonframework.common.caching.Cache;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;

/** Axon wiring: the contract's Jackson form for every message, the upcasters, the aggregate cache. */
@Configuration
public class AxonConfig {

    @Bean
    @Primary
    public Serializer serializer() {
        return jackson();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer() {
        return jackson();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return jackson();
    }

    private static Serializer jackson() {
        return JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();
    }

    @Bean
    public EventUpcaster milestoneAchievedEvidenceUpcaster() {
        return new MilestoneAchievedEvidenceUpcaster();
    }

    /** Keeps recently used opportunities in memory so a batch does not read their events back from the store. */
    @Bean
    public Cache opportunityCache() {
        return new RefusedCreationTolerantCache();
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public CrmEventParser crmEventParser(Clock clock,
                                         @Value("${ledger.ingest.allowed-clock-skew:PT5M}") Duration skew,
                                         @Value("${ledger.default-currency:USD}") String currency) {
        return new CrmEventParser(clock, skew, currency);
    }
}
