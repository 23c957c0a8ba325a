package io.pipelineledger.command.web;

import io.pipelineledger.command.support.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ingestion contract on PostgreSQL (Testcontainers with Docker, embedded PostgreSQL without). */
class PostgresIngestionTest extends IngestionContractTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres.Database db = TestPostgres.freshDatabase("ingestion");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
    }
}
