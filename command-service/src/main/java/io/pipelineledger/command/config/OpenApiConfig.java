package io.pipelineledger.command.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The OpenAPI document at /v3/api-docs (Swagger UI at /swagger-ui.html): the reference for API users. The command
 * service alone describes its own part; the one-process app (which scans this package too) the whole ledger. The
 * query and forecast services each describe theirs (their own OpenApiConfig, only when run alone).
 */
@Configuration
public class OpenApiConfig {

    static final String COMMAND_SERVICE = "command-service";

    @Bean
    public OpenAPI pipelineLedgerApi(@Value("${spring.application.name:pipeline-ledger}") String application) {
        boolean commandOnly = COMMAND_SERVICE.equals(application);
        return new OpenAPI().info(new Info()
                .title(commandOnly ? "Pipeline Ledger — command API" : "Pipeline Ledger API")
                .version("v1")
                .description((commandOnly ? "The command service: CRMs post what happened to opportunities; admins "
                        + "define the sales process and exchange rates."
                        : "The whole ledger in one process: CRMs post what happened to opportunities; admins define "
                        + "the sales process and exchange rates; dashboards read projections and subscribe to them; "
                        + "finance reads forecasts and submits them.")
                        + " Every error is application/problem+json naming the field at fault.")
                .license(new License().name("Apache-2.0")))
                // relative: springdoc would otherwise build the server's URL from the request's Host header
                .servers(List.of(new Server().url("/").description("this ledger")));
    }
}
