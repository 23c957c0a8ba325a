package io.pipelineledger.embedded.bench;

import io.pipelineledger.command.support.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.pipelineledger.command.CommandServiceApplication;
import io.pipelineledger.command.support.TestPostgres;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.query.QueryServiceApplication;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end lag of the three-service mode: events posted over HTTP to command-service (PostgreSQL) at a steady rate
 * (default 5,000 events/s in requests of 100 every 20 ms), published to Kafka (in-process KRaft broker), applied by
 * query-service (its own PostgreSQL database); the lag is query-service's {@code ledger.projection.lag} timer, from
 * each event's storage time to the commit of the query transaction that applied it. Run: {@code mvn -B -pl
 * deploy/embedded -am test -Pbenchmark -Dtest=ThreeServicesLagBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.lag.rate}, {@code -Dbench.lag.seconds}).
 */
@Tag("benchmark")
class ThreeServicesLagBenchmark {

    @Test
    void lagAtASteadyRate() throws Exception {
        int rate = Integer.getInteger("bench.lag.rate", 5_000);
        int seconds = Integer.getInteger("bench.lag.seconds", 30);
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 12);
        kafka.afterPropertiesSet();
        List<CrmEvent> events = new ArrayList<>();
        for (int h = 0; events.size() < rate * seconds; h++) {
            String prefix = "l" + h + "-";
            new CrmHistoryGenerator().generate(CrmHistoryGenerator.Settings.twoYears(300 + h,
                    Instant.parse("2026-10-01T00:00:00Z"))).events().forEach(e -> events.add(new CrmEvent(
                    prefix + e.eventId(), e.type(), prefix + e.opportunityId(), e.occurredAt(), e.fields())));
        }
        try (ConfigurableApplicationContext command = service(CommandServiceApplication.class, "ledger-command.yml",
                "lag_command", kafka);
             ConfigurableApplicationContext query = service(QueryServiceApplication.class, "ledger-query.yml",
                     "lag_query", kafka, "--ledger.query.standalone=true", "--spring.flyway.enabled=false",
                     "--spring.main.web-application-type=none")) {
            int port = ((WebServerApplicationContext) command).getWebServer().getPort();
            WebTestClient web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                    .responseTimeout(Duration.ofSeconds(30)).defaultHeader(TestKeys.HEADER, TestKeys.ADMIN).build();
            int perRequest = rate / 50;
            long started = System.nanoTime();
            int posted = 0;
            for (int i = 0; posted + perRequest <= rate * seconds; i++) {
                long due = started + TimeUnit.MILLISECONDS.toNanos(20L * i);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(CrmEvent.toJsonArray(events.subList(posted, posted + perRequest))).exchange()
                        .expectStatus().isOk();
                posted += perRequest;
            }
            double postedSeconds = (System.nanoTime() - started) / 1e9;
            Timer lag = query.getBean(MeterRegistry.class).get("ledger.projection.lag").timer();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lag.count() < posted && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            StringBuilder percentiles = new StringBuilder();
            for (ValueAtPercentile p : lag.takeSnapshot().percentileValues()) {
                percentiles.append(String.format(Locale.ROOT, " p%.0f %.3f s", p.percentile() * 100,
                        p.value(TimeUnit.SECONDS)));
            }
            System.out.printf(Locale.ROOT, "[lag] %,d events posted in %.1f s (%,.0f events/s), %,d applied;%s, max "
                            + "%.3f s%n", posted, postedSeconds, posted / postedSeconds, lag.count(), percentiles,
                    lag.max(TimeUnit.SECONDS));
            assertThat(lag.count()).isGreaterThanOrEqualTo(posted);
        } finally {
            kafka.destroy();
        }
    }

    private static ConfigurableApplicationContext service(Class<?> application, String settings, String database,
                                                          EmbeddedKafkaKraftBroker kafka, String... more) {
        TestPostgres.Database db = TestPostgres.freshDatabase(database);
        List<String> args = new ArrayList<>(List.of("--spring.config.location=classpath:" + settings,
                "--server.port=0", "--spring.datasource.url=" + db.url() + "?reWriteBatchedInserts=true",
                "--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + db.password(),
                "--ledger.kafka.enabled=true", "--ledger.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--ledger.kafka.topic=lag.events", "--ledger.kafka.partitions=12", "--axon.axonserver.enabled=false",
                "--axon.serializer.general=jackson", "--axon.serializer.events=jackson",
                "--axon.serializer.messages=jackson", "--management.endpoint.health.probes.enabled=true"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
    }
}
