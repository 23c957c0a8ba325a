package io.pipelineledger.query.config;

import io.pipelineledger.events.spring.EventContractConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The query service alone (in the one-process app the command side provides the serializers, upcasters, clock). */
@Configuration
@ConditionalOnProperty(name = "ledger.query.standalone", havingValue = "true")
@Import(EventContractConfig.class)
public class StandaloneQueryConfig {
}
