package io.pipelineledger.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** Readiness after a restart on H2 files, the embedded default. */
class H2ReadinessRestartTest extends ReadinessRestartTest {

    private final String data;

    H2ReadinessRestartTest() {
        try {
            data = Files.createTempDirectory("ledger-h2-readiness").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    List<String> storage() {
        return List.of("--ledger.data-dir=" + data);
    }
}
