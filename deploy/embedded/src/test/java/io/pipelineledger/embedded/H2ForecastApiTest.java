package io.pipelineledger.embedded;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;

/** The finance API on H2 files, the embedded default. */
class H2ForecastApiTest extends ForecastApiTest {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("ledger-h2-forecast").toString();
        registry.add("ledger.data-dir", () -> data);
    }
}
