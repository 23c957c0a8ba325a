package io.pipelineledger.embedded;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The whole ledger in one process: the command side (CRM ingestion, event store), the query side (projections,
 * dashboards' reads and live stream) and the forecast side (finance's forecast, backtest, submissions) on one database, H2 files under {@code ./data} by default.
 */
@SpringBootApplication(scanBasePackages = {"io.pipelineledger.embedded", "io.pipelineledger.command",
        "io.pipelineledger.query", "io.pipelineledger.forecast"})
public class PipelineLedgerApplication {

    public static void main(String[] args) {
        SpringApplication.run(PipelineLedgerApplication.class, args);
    }
}
