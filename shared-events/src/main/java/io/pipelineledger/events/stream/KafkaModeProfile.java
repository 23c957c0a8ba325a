package io.pipelineledger.events.stream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.Arrays;

/**
 * {@code LEDGER_KAFKA_ENABLED=true} (or {@code --ledger.kafka.enabled=true}) switches a service to the three-service
 * mode by activating the {@value #PROFILE} profile, whose settings each service's yml holds: operators set one
 * variable, not a profile and a flag. Runs before the config files are read, so the profile's documents apply.
 */
public final class KafkaModeProfile implements EnvironmentPostProcessor, Ordered {

    public static final String PROFILE = "kafka";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (Boolean.parseBoolean(environment.getProperty("ledger.kafka.enabled", "false"))
                && !Arrays.asList(environment.getActiveProfiles()).contains(PROFILE)) {
            environment.addActiveProfile(PROFILE);
        }
    }

    @Override
    public int getOrder() {
        // before ConfigDataEnvironmentPostProcessor (HIGHEST_PRECEDENCE + 10) reads the yml files
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }
}
