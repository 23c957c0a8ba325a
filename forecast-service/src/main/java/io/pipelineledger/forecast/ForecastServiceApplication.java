package io.pipelineledger.forecast;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The forecast side. A shell for now: its projections arrive with the issues that build them. */
@SpringBootApplication
public class ForecastServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ForecastServiceApplication.class, args);
    }
}
