package io.pipelineledger.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** One clear line once the ledger serves: where to look, and where the data lives. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final String datasource;

    StartupBanner(@Value("${spring.datasource.url}") String datasource) {
        this.datasource = datasource;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE) // after the demo pipeline, if any, is in
    public void ready(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : -1;
        log.info("Pipeline Ledger is up: http://localhost:{}/ (API: /v3/api-docs, /swagger-ui.html; "
                + "health: /actuator/health); storage: {}", port, datasource.replaceAll("password=[^;&]*", ""));
    }
}
