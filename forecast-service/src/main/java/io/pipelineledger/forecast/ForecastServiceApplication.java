package io.pipelineledger.forecast;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The forecast side alone: the finance forecast over the event topic (three-service mode). */
@SpringBootApplication
public class ForecastServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ForecastServiceApplication.class, args);
    }
}
