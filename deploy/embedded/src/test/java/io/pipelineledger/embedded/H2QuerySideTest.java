package io.pipelineledger.embedded;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;

/** The query side on H2 files, the embedded default. */
class H2QuerySideTest extends QuerySideContractTest {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        // not @TempDir: the per-class test instance builds the Spring context before JUnit fills static fields
        String data = Files.createTempDirectory("ledger-h2-query").toString();
        registry.add("ledger.data-dir", () -> data);
    }
}
