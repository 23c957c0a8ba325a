package io.pipelineledger.query.config;

import io.pipelineledger.query.model.DealLedger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query side's read model in memory, shared by the projection that fills it and the queries that read it. */
@Configuration
public class QueryConfig {

    @Bean
    public DealLedger dealLedger() {
        return new DealLedger();
    }
}
