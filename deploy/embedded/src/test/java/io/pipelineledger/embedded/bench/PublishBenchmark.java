package io.pipelineledger.embedded.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipelineledger.command.CommandServiceApplication;
import io.pipelineledger.command.publish.EventPublisher;
import io.pipelineledger.command.support.TestPostgres;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.stream.EventRecords;
import io.pipelineledger.events.stream.PublishedEvent;
import io.pipelineledger.embedded.support.LedgerClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishing throughput against a raw kafka-clients producer, same broker, same run: a generated history is posted to
 * the command service (PostgreSQL, publisher on), then the publisher is sent back to the start and timed over every
 * stored event; then a raw producer with the same settings sends the same records (read from the store beforehand,
 * so only sending is timed). Run: {@code mvn -B -pl deploy/embedded -am test -Pbenchmark -Dtest=PublishBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Dbench.histories=N} posts N generated histories (default 6).
 */
@Tag("benchmark")
class PublishBenchmark {

    private static final String TOPIC = "bench.events";

    @Test
    void publisherAgainstRawProducer() throws Exception {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 12);
        kafka.afterPropertiesSet();
        TestPostgres.Database db = TestPostgres.freshDatabase("publish_bench");
        try (ConfigurableApplicationContext command = new SpringApplicationBuilder(CommandServiceApplication.class)
                .run("--spring.config.location=classpath:ledger-command.yml", "--server.port=0",
                        "--spring.datasource.url=" + db.url() + "?reWriteBatchedInserts=true",
                        "--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + db.password(),
                        "--ledger.kafka.enabled=true", "--ledger.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                        "--ledger.kafka.topic=" + TOPIC, "--ledger.kafka.partitions=12")) {
            int port = ((WebServerApplicationContext) command).getWebServer().getPort();
            LedgerClient client = new LedgerClient(WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                    .build());
            int histories = Integer.getInteger("bench.histories", 6);
            for (int h = 0; h < histories; h++) {
                String prefix = "h" + h + "-";
                List<CrmEvent> events = new CrmHistoryGenerator().generate(CrmHistoryGenerator.Settings.twoYears(
                        100 + h, Instant.parse("2026-10-01T00:00:00Z"))).events().stream()
                        .map(e -> new CrmEvent(prefix + e.eventId(), e.type(), prefix + e.opportunityId(),
                                e.occurredAt(), e.fields())).toList();
                client.post(events, 5_000);
            }
            JdbcTemplate jdbc = new JdbcTemplate(command.getBean(javax.sql.DataSource.class));
            long stored = jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
            MeterRegistry meters = command.getBean(MeterRegistry.class);
            awaitPublished(meters, stored);

            // the publisher: back to the start, timed until everything is acknowledged again
            double before = published(meters);
            long started = System.nanoTime();
            command.getBean(EventPublisher.class).republishAll();
            awaitPublished(meters, before + stored);
            double publisherSeconds = (System.nanoTime() - started) / 1e9;

            // a raw producer, same settings, the same records
            List<PublishedEvent> records = jdbc.query("SELECT globalIndex, eventIdentifier, aggregateIdentifier, "
                    + "sequenceNumber, type, payloadType, payloadRevision, timeStamp, payload FROM DomainEventEntry "
                    + "ORDER BY globalIndex", (rs, row) -> new PublishedEvent(rs.getString(2), rs.getString(6),
                    rs.getString(7), rs.getString(5), rs.getString(3), rs.getLong(4), Instant.parse(rs.getString(8)),
                    rs.getLong(1), rs.getBytes(9)));
            long rawStarted = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
                List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
                for (PublishedEvent event : records) {
                    sent.add(producer.send(EventRecords.toRecord(TOPIC + ".raw", null, event)));
                }
                producer.flush();
                for (Future<RecordMetadata> ack : sent) {
                    ack.get();
                }
            }
            double rawSeconds = (System.nanoTime() - rawStarted) / 1e9;
            double publisherRate = stored / publisherSeconds;
            double rawRate = records.size() / rawSeconds;
            System.out.printf(Locale.ROOT, "[publish] %,d events: publisher %.2f s (%,.0f events/s), raw producer "
                            + "%.2f s (%,.0f events/s): %.0f %% of raw%n", stored, publisherSeconds, publisherRate,
                    rawSeconds, rawRate, 100 * publisherRate / rawRate);
            assertThat(publisherRate).isPositive();
        } finally {
            kafka.destroy();
        }
    }

    private static double published(MeterRegistry meters) {
        return meters.get("ledger.kafka.published").counter().count();
    }

    private static void awaitPublished(MeterRegistry meters, double count) throws InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (published(meters) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("published " + published(meters) + " of " + count);
            }
            Thread.sleep(5);
        }
    }
}
