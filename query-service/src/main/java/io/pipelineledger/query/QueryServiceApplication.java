package io.pipelineledger.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The query side. A shell for now: its projections arrive with the issues that build them. */
@SpringBootApplication
public class QueryServiceApplication {

    public static void main(String[] args) {
        // A self-hosted ledger does not phone home: Axon's update check stays off unless asked for.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        SpringApplication.run(QueryServiceApplication.class, args);
    }
}
