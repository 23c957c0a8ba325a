package io.pipelineledger.embedded;

import io.pipelineledger.command.support.TestPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** Readiness after a restart on PostgreSQL. */
class PostgresReadinessRestartTest extends ReadinessRestartTest {

    private final TestPostgres.Database db = TestPostgres.freshDatabase("readinessrestart");
    private final String data;

    PostgresReadinessRestartTest() {
        try {
            data = Files.createTempDirectory("ledger-pg-readiness").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    List<String> storage() {
        return List.of("--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(), "--ledger.data-dir=" + data);
    }
}
