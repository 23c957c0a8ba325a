package io.pipelineledger.command.web;

import io.pipelineledger.command.support.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The exchange-rate endpoints on PostgreSQL (Testcontainers with Docker, embedded PostgreSQL without). */
class PostgresExchangeRatesTest extends ExchangeRatesContractTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres.Database db = TestPostgres.freshDatabase("rates");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
    }
}
