package io.pipelineledger.forecast.config;

import io.pipelineledger.events.spring.EventContractConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The forecast service alone (in the one-process app the command side provides the serializers, upcasters, clock). */
@Configuration
@ConditionalOnProperty(name = "ledger.forecast.standalone", havingValue = "true")
@Import(EventContractConfig.class)
public class StandaloneForecastConfig {
}
