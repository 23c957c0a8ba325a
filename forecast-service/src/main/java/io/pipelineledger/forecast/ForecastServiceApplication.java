package io.pipelineledger.forecast;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The forecast side alone: the finance forecast over the event topic (three-service mode). */
@SpringBootApplication
public class ForecastServiceApplication {

    public static void main(String[] args) {
        // A self-hosted ledger does not phone home: Axon's update check stays off unless asked for.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        SpringApplication.run(ForecastServiceApplication.class, args);
    }
}
