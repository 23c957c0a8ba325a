package io.pipelineledger.query.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The OpenAPI document of the query service run alone (/v3/api-docs): its own part of the API. In the one-process
 * app (another application name) the command side's OpenApiConfig describes the whole ledger instead.
 */
@Configuration
@ConditionalOnProperty(name = "spring.application.name", havingValue = "query-service")
public class QueryOpenApiConfig {

    @Bean
    public OpenAPI queryServiceApi() {
        return new OpenAPI().info(new Info()
                .title("Pipeline Ledger — query API")
                .version("v1")
                .description("The query service: dashboards read conversion, win rates, pipeline, scorecards and maturity, and subscribe to the live stream. Every error is application/problem+json naming the field at fault.")
                .license(new License().name("Apache-2.0")))
                // relative: springdoc would otherwise build the server's URL from the request's Host header
                .servers(List.of(new Server().url("/").description("this ledger")));
    }
}
