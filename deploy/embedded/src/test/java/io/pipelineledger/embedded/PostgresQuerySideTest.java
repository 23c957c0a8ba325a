package io.pipelineledger.embedded;

import io.pipelineledger.command.support.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The query side on PostgreSQL (Testcontainers with Docker, embedded PostgreSQL from Maven artifacts without). */
class PostgresQuerySideTest extends QuerySideContractTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres.Database db = TestPostgres.freshDatabase("query_side");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
    }
}
