package io.pipelineledger.events.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** Request checks every service shares (the one-process app too). */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class LedgerWebAutoConfiguration {

    @Bean
    AcceptHeaders acceptHeaders() {
        return new AcceptHeaders();
    }

    @Bean
    MediaTypeProblems mediaTypeProblems() {
        return new MediaTypeProblems();
    }
}
