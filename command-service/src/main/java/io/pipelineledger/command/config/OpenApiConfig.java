package io.pipelineledger.command.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** The OpenAPI document at /v3/api-docs (Swagger UI at /swagger-ui.html): the reference for API users. */
@Configuration
public class OpenApiConfig {

    @Bean
    public OpenAPI pipelineLedgerApi() {
        return new OpenAPI().info(new Info()
                .title("Pipeline Ledger — command API")
                .version("v1")
                .description("CRMs post what happened to opportunities; admins define the sales process. Every "
                        + "error is application/problem+json naming the field at fault.")
                .license(new License().name("Apache-2.0")))
                // relative: springdoc would otherwise build the server's URL from the request's Host header
                .servers(List.of(new Server().url("/").description("this ledger")));
    }
}
