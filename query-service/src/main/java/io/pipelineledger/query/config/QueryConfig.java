package io.pipelineledger.query.config;

import io.pipelineledger.query.model.DealLedger;
import io.pipelineledger.query.model.QueryExchangeRates;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query side's read model in memory, shared by the projection that fills it and the queries that read it. */
@Configuration
public class QueryConfig {

    @Bean
    public DealLedger dealLedger() {
        return new DealLedger();
    }

    /** The rates the answers convert with, to {@code ledger.reporting-currency} unless a request asks otherwise. */
    @Bean
    public QueryExchangeRates queryExchangeRates(@Value("${ledger.reporting-currency:USD}") String reportingCurrency) {
        return new QueryExchangeRates(reportingCurrency);
    }
}
