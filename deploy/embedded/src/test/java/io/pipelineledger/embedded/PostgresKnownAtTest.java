package io.pipelineledger.embedded;

import io.pipelineledger.command.support.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The second time axis on PostgreSQL: the recording instants are the event store's, read back from its table. Only
 * the answers that depend on them are asked again (the parameter checks and documents do not depend on storage).
 */
class PostgresKnownAtTest extends KnownAtTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres.Database db = TestPostgres.freshDatabase("known_at");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
    }

    @Override
    void anExplanationAndTheCsvReadTheSameKnownAt() {
        // as on H2: the explanation reads the forecast's prepared facts
    }

    @Override
    void aBadKnownAtIsAProblemNamingIt() {
        // parameter checks: as on H2
    }

    @Override
    void theOpenApiDocumentDescribesKnownAt() {
        // the document: as on H2
    }
}
