package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.support.TestPostgres;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.ids.TeamId;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import io.pipelineledger.events.stream.EventRecords;
import io.pipelineledger.events.stream.PublishedEvent;
import io.pipelineledger.query.QueryServiceApplication;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exchange rates reach the query service of the three-service mode over the event topic (a real KRaft broker, the
 * service on PostgreSQL): the rate records, in the ledger's record format under key {@code exchange-rates}, are
 * applied, not dead-lettered; an older correction arriving after a newer one (a redelivery, or a copy on another
 * partition) does not put the old rate back; and a restart converts as before from the rates kept in the service's
 * own database (its offsets are stored, so the topic is not read again).
 */
class QueryKafkaCurrencyTest {

    private static final String TOPIC = "ledger-currency-test.events";
    private static final int PARTITIONS = 2;
    private static final String PIPELINE = "/api/v1/pipeline?asOf=2026-06-01";
    private static final Serializer SERIALIZER = EventJson.axonSerializer();

    private static EmbeddedKafkaKraftBroker kafka;
    private static TestPostgres.Database db;
    private static long position;

    @BeforeAll
    static void broker() {
        kafka = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPIC);
        kafka.afterPropertiesSet();
        db = TestPostgres.freshDatabase("query-currency");
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.destroy();
        }
    }

    @Test
    void ratesFromTheTopicConvertSurviveARestartAndAnOlderCorrectionDoesNotWin() throws Exception {
        OpportunityId deal = OpportunityId.of("OPP-K-EUR");
        publish(deal.value(), "Opportunity", 0, new OpportunityOpenedEvent("k-open", deal,
                Instant.parse("2026-03-01T12:00:00Z"), RepId.of("rep-k"), TeamId.of("team-k"), RegionId.of("emea"),
                null, StageId.of("prospecting"), new Money(new BigDecimal("1000"), "EUR"), null, null, 1));
        publish(ExchangeRateSetEvent.TABLE_ID, "ExchangeRates", 0, rate(1, "1.1"));
        publish(ExchangeRateSetEvent.TABLE_ID, "ExchangeRates", 1, rate(2, "1.2"));
        // the first correction again, after the second: as a redelivery or another partition's copy would come
        publish(ExchangeRateSetEvent.TABLE_ID, "ExchangeRates", 0, rate(1, "1.1"));

        try (ConfigurableApplicationContext query = queryService()) {
            LedgerClient client = client(query);
            JsonNode pipeline = until(() -> client.get(PIPELINE),
                    p -> p.get("groups").size() == 1 && p.get("warnings").isEmpty()
                            && client.get("/api/v1/projections").get("topic").get("consumed").asLong() >= 4);
            assertThat(pipeline.get("currency").asText()).isEqualTo("USD");
            assertThat(pipeline.get("groups").get(0).get("amount").decimalValue()).as("1,000 EUR at 1.2")
                    .isEqualByComparingTo("1200");
            assertThat(client.get("/api/v1/projections/dead-letters")).as("no record set aside").isEmpty();
            assertThat(client.get(PIPELINE + "&currency=EUR").get("groups").get(0).get("amount").decimalValue())
                    .isEqualByComparingTo("1000");
            assertThat(query.getBean(JdbcTemplate.class).queryForObject(
                    "SELECT correction FROM query_exchange_rate WHERE currency = 'EUR'", Long.class)).isEqualTo(2);
        }

        try (ConfigurableApplicationContext query = queryService()) {
            LedgerClient client = client(query);
            JsonNode pipeline = until(() -> client.get(PIPELINE), p -> p.get("groups").size() == 1);
            assertThat(pipeline.get("groups").get(0).get("amount").decimalValue()).as("after a restart")
                    .isEqualByComparingTo("1200");
            assertThat(pipeline.get("warnings")).isEmpty();
            assertThat(client.get("/api/v1/projections").get("topic").get("consumed").asLong())
                    .as("nothing read again").isZero();
        }
    }

    private static ExchangeRateSetEvent rate(int correction, String rate) {
        return new ExchangeRateSetEvent("rate:EUR:2026-01-01:" + correction, ExchangeRateSetEvent.TABLE_ID,
                Instant.parse("2026-12-01T00:00:00Z"), "EUR", LocalDate.parse("2026-01-01"), new BigDecimal(rate),
                "USD", null, null);
    }

    /** An event as the command service's publisher writes it: the stored row's fields in the record format. */
    private static void publish(String aggregateId, String aggregateType, long sequence, Object event)
            throws Exception {
        SerializedObject<byte[]> payload = SERIALIZER.serialize(event, byte[].class);
        PublishedEvent published = new PublishedEvent("event-" + position, payload.getType().getName(),
                payload.getType().getRevision(), aggregateType, aggregateId, sequence,
                Instant.parse("2026-12-01T00:00:00Z"), position++, payload.getData());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(EventRecords.toRecord(TOPIC, null, published)).get();
        }
    }

    private static ConfigurableApplicationContext queryService() {
        List<String> args = new ArrayList<>(List.of("--spring.config.location=classpath:ledger-query.yml",
                "--server.port=0", "--spring.application.name=query-currency",
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(), "--ledger.kafka.enabled=true",
                "--ledger.kafka.bootstrap-servers=" + kafka.getBrokersAsString(), "--ledger.kafka.topic=" + TOPIC,
                "--ledger.kafka.partitions=" + PARTITIONS, "--axon.axonserver.enabled=false",
                "--axon.serializer.general=jackson", "--axon.serializer.events=jackson",
                "--axon.serializer.messages=jackson", "--ledger.query.standalone=true",
                "--spring.flyway.enabled=false", "--ledger.kafka.consumer.group=query-currency",
                "--management.endpoints.web.exposure.include=health,prometheus",
                "--management.endpoint.health.probes.enabled=true", "--logging.level.root=WARN"));
        return new SpringApplicationBuilder(QueryServiceApplication.class).run(args.toArray(String[]::new));
    }

    private static LedgerClient client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new LedgerClient(WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build());
    }

    private static <T> T until(Supplier<T> answer, Predicate<T> done) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        T last = answer.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = answer.get();
        }
        return last;
    }
}
