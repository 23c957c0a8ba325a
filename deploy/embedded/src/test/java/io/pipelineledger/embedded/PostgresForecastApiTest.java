package io.pipelineledger.embedded;

import io.pipelineledger.command.support.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The finance API on PostgreSQL: submissions are events in its event store. */
class PostgresForecastApiTest extends ForecastApiTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestPostgres.Database db = TestPostgres.freshDatabase("forecast");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
    }
}
