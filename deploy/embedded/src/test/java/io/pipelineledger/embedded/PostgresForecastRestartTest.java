package io.pipelineledger.embedded;

import io.pipelineledger.command.support.TestPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** The forecast's snapshot on PostgreSQL (the event store and the snapshot in one database). */
class PostgresForecastRestartTest extends ForecastRestartTest {

    private final TestPostgres.Database db = TestPostgres.freshDatabase("forecastrestart");
    private final String data;

    PostgresForecastRestartTest() {
        try {
            data = Files.createTempDirectory("ledger-pg-forecast-restart").toString();
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
