package io.pipelineledger.embedded;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.health.ReadModelsHealth;
import io.pipelineledger.forecast.forecast.ForecastService;
import io.pipelineledger.forecast.projection.ForecastLedger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ready means ready (issue 14, item 3): after a restart with data, readiness ({@code /actuator/health/readiness}) and
 * the "Pipeline Ledger is up" line come only once every read model has read what was stored before: asked at once
 * after readiness, the forecast is never 503 and every answer equals the one before the restart. Snapshots of the
 * forecast are off, so each start rebuilds it from the first event (the longest catch-up a start can have).
 * H2 files and PostgreSQL by the subclasses.
 */
abstract class ReadinessRestartTest {

    private static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    private static final String BANNER = "Pipeline Ledger is up";
    private static final List<String> ANSWERS = List.of(
            "/api/v1/forecast?period=2026-Q4&groupBy=rep&asOf=2026-10-01",
            "/api/v1/forecast?period=2026-Q4&groupBy=team&method=baseline&asOf=2026-10-01",
            "/api/v1/pipeline?groupBy=rep&asOf=2026-10-01",
            "/api/v1/conversion?groupBy=team&asOf=2026-10-01",
            "/api/v1/winrates?groupBy=region&asOf=2026-10-01",
            "/api/v1/maturity?asOf=2026-10-01");

    /** Arguments that point the app at this class's database (the same one for every start). */
    abstract List<String> storage();

    /** A readiness answer: when the request was sent, and its status. */
    private record Probe(long sentNanos, int status) {
    }

    @Test
    void afterARestartReadinessAndTheUpLineWaitForEveryReadModel() {
        List<CrmEvent> history = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(23, 16, 2,
                END.minus(540, ChronoUnit.DAYS), END, 3.0, 0.05, 0.05)).events();
        Map<String, JsonNode> before = new LinkedHashMap<>();
        try (ConfigurableApplicationContext app = start(new BannerWatch())) {
            LedgerClient ledger = client(app);
            ledger.post(history, 2_000);
            ledger.awaitProjections();
            awaitReady(ledger);
            ANSWERS.forEach(uri -> before.put(uri, ledger.get(uri)));
        }
        BannerWatch banner = new BannerWatch();
        try (ConfigurableApplicationContext app = start(banner)) {
            LedgerClient ledger = client(app);
            List<Probe> probes = awaitReady(ledger);
            assertThat(app.getBean(ForecastLedger.class).received()).as("the forecast read every event before ready")
                    .isGreaterThanOrEqualTo(history.size());
            // at once, many times: no 503, and the same answers as before the restart
            for (int round = 0; round < 5; round++) {
                for (String uri : ANSWERS) {
                    assertThat(ledger.get(uri)).as(uri + " right after readiness, round " + round)
                            .isEqualTo(before.get(uri));
                }
            }
            long bannerAt = banner.awaitBanner();
            assertThat(banner.readyAtBanner).as("read models ready when the up line was logged").containsOnly(true);
            assertThat(probes.stream().filter(p -> p.status() != 200).filter(p -> p.sentNanos() > bannerAt))
                    .as("no readiness probe sent after the up line answered 'not ready'").isEmpty();
            assertThat(app.getBean(HealthEndpointGroups.class).get("readiness").isMember("readModels"))
                    .as("readModels is in the readiness group").isTrue();
            System.out.printf("readiness: %d probes answered 503 after the restart before UP%n",
                    probes.stream().filter(p -> p.status() == 503).count());
        }
    }

    /** Polls readiness until UP (200), as a load balancer would; every answer kept. */
    private static List<Probe> awaitReady(LedgerClient ledger) {
        List<Probe> probes = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (true) {
            long sent = System.nanoTime();
            int status = ledger.web().get().uri("/actuator/health/readiness").exchange().returnResult(String.class)
                    .getStatus().value();
            probes.add(new Probe(sent, status));
            if (status == 200) {
                return probes;
            }
            assertThat(status).as("readiness before it is UP").isEqualTo(503);
            assertThat(Instant.now()).as("ready within 5 minutes").isBefore(deadline);
            sleep(20);
        }
    }

    private ConfigurableApplicationContext start(BannerWatch banner) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                "--logging.level.io.pipelineledger.embedded.StartupBanner=INFO", "--ledger.forecast.simulations=200",
                "--ledger.forecast.snapshot.enabled=false"));
        args.addAll(storage());
        return new SpringApplicationBuilder(PipelineLedgerApplication.class).listeners(banner)
                .run(args.toArray(String[]::new));
    }

    private static LedgerClient client(ConfigurableApplicationContext app) {
        int port = ((ReactiveWebServerApplicationContext) app).getWebServer().getPort();
        return new LedgerClient(WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofMinutes(2)).build());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Attached once logging is set up (after it, Spring Boot resets Logback): notes when the up line is logged, and
     * whether the read models were ready at that instant (asked from the logging thread, before the line returns).
     */
    static final class BannerWatch implements ApplicationListener<ApplicationStartedEvent> {
        final List<Boolean> readyAtBanner = new CopyOnWriteArrayList<>();
        private volatile long bannerNanos;

        @Override
        public void onApplicationEvent(ApplicationStartedEvent event) {
            ConfigurableApplicationContext app = event.getApplicationContext();
            AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
                @Override
                protected void append(ILoggingEvent logged) {
                    if (logged.getFormattedMessage().startsWith(BANNER)) {
                        readyAtBanner.add(app.getBean(ForecastService.class).ready()
                                && app.getBean(ReadModelsHealth.class).ready());
                        bannerNanos = System.nanoTime();
                    }
                }
            };
            Logger logger = (Logger) LoggerFactory.getLogger(StartupBanner.class);
            appender.setContext(logger.getLoggerContext());
            appender.start();
            logger.addAppender(appender);
        }

        long awaitBanner() {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (bannerNanos == 0) {
                assertThat(Instant.now()).as("the up line is logged").isBefore(deadline);
                sleep(20);
            }
            return bannerNanos;
        }
    }
}
