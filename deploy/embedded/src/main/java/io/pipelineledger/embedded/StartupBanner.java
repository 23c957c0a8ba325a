package io.pipelineledger.embedded;

import io.pipelineledger.events.health.ReadModelsHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * One clear line once the ledger serves: where to look, and where the data lives. "Up" means what readiness means:
 * the line comes once the readiness group is UP (every read model has read what was stored before the start, see
 * {@link ReadModelsHealth}), so a request sent after it is never answered 503 "still catching up". Until then a line
 * every {@value #PROGRESS_SECONDS} s says what is still being read.
 */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);
    private static final long PROGRESS_SECONDS = 15;
    private static final Duration POLL = Duration.ofMillis(100);

    private final String datasource;
    private final HealthEndpoint health;
    private final ReadModelsHealth readModels;
    private volatile Thread waiting;

    StartupBanner(@Value("${spring.datasource.url}") String datasource, HealthEndpoint health,
                  ReadModelsHealth readModels) {
        this.datasource = datasource;
        this.health = health;
        this.readModels = readModels;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE) // after the demo pipeline, if any, is in
    public void ready(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : -1;
        // off the main thread: the server already answers (readiness 503 until ready) while read models catch up
        Thread thread = new Thread(() -> announceWhenReady(port), "startup-banner");
        thread.setDaemon(true);
        waiting = thread;
        thread.start();
    }

    @EventListener(ContextClosedEvent.class)
    public void closed() {
        Thread thread = waiting;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void announceWhenReady(int port) {
        long started = System.nanoTime();
        long nextProgress = PROGRESS_SECONDS;
        try {
            while (!isReady()) {
                long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                if (seconds >= nextProgress) {
                    log.info("Pipeline Ledger is starting: read models still reading the event store {}",
                            readModels.health().getDetails());
                    nextProgress += PROGRESS_SECONDS;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException stopped) {
            return;
        }
        log.info("Pipeline Ledger is up: {} (API: /v3/api-docs, /swagger-ui.html; health: /actuator/health); "
                + "storage: {}", url(port), datasource.replaceAll("password=[^;&]*", ""));
    }

    private boolean isReady() {
        HealthComponent readiness = health.healthForPath("readiness");
        return readiness != null && Status.UP.equals(readiness.getStatus());
    }

    static String url(int port) {
        return "http://localhost:" + port + "/";
    }
}
