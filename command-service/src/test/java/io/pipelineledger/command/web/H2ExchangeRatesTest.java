package io.pipelineledger.command.web;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;

/** The exchange-rate endpoints on the embedded default: H2 files. */
class H2ExchangeRatesTest extends ExchangeRatesContractTest {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", () -> dataDir.toString());
    }
}
