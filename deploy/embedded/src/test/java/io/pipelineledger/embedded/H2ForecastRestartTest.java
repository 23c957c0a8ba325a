package io.pipelineledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** The forecast's snapshot on H2 files, the embedded default. */
class H2ForecastRestartTest extends ForecastRestartTest {

    private final String data;

    H2ForecastRestartTest() {
        try {
            data = Files.createTempDirectory("ledger-h2-forecast-restart").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    List<String> storage() {
        return List.of("--ledger.data-dir=" + data);
    }
}
