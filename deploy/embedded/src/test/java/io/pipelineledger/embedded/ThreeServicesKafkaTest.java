package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.CommandServiceApplication;
import io.pipelineledger.command.publish.EventPublisher;
import io.pipelineledger.command.support.TestPostgres;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.stream.EventRecords;
import io.pipelineledger.events.stream.KafkaEventSource;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.forecast.ForecastServiceApplication;
import io.pipelineledger.forecast.engine.Forecast;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.Method;
import io.pipelineledger.forecast.forecast.ForecastService;
import io.pipelineledger.forecast.projection.ForecastLedger;
import io.pipelineledger.query.QueryServiceApplication;
import io.pipelineledger.query.model.DealLedger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The three-service mode end to end, in one JVM on real parts: a KRaft broker from Kafka's own test kit, PostgreSQL
 * (embedded from Maven artifacts, or Testcontainers), and the command, query and forecast services each as its own
 * Spring application with its own database. A generated history posted over HTTP to the command service must give,
 * over HTTP from the query and forecast services, exactly the answers of the one-process app given the same history.
 * Then: everything published again (at-least-once redelivery) and a partition read twice leave the answers equal; a
 * poison record lands in the dead letters without stopping its partition; a second query replica (its read model in
 * a schema of its own) reads every partition and holds what the first holds, and an instance on a read model already
 * read is refused at start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeServicesKafkaTest {

    private static final int PARTITIONS = 4;
    private static final String TOPIC = "ledger-test.events";
    private static final Instant END = Instant.parse("2026-10-01T00:00:00Z");
    private static final String AS_OF = "2026-09-15T00:00:00Z";
    /** After every fact of the history (answers as of now would differ by their asOf alone). */
    private static final String LATEST = "2026-10-02T00:00:00Z";
    private static final List<String> QUERIES = List.of("/api/v1/conversion?groupBy=rep&asOf=" + LATEST,
            "/api/v1/conversion?groupBy=team&asOf=" + AS_OF, "/api/v1/winrates?groupBy=region&asOf=" + LATEST,
            "/api/v1/pipeline?groupBy=team&asOf=" + LATEST, "/api/v1/maturity?asOf=" + LATEST);
    private static final String FORECAST = "/api/v1/forecast?period=2026-Q4&groupBy=team&asOf=" + AS_OF;

    @TempDir
    static Path oneProcessData;

    private static EmbeddedKafkaKraftBroker kafka;
    private static ConfigurableApplicationContext command;
    private static ConfigurableApplicationContext query;
    private static ConfigurableApplicationContext forecast;
    private static TestPostgres.Database forecastDb;
    private static ConfigurableApplicationContext oneProcess;
    private static ConfigurableApplicationContext second;
    private static List<CrmEvent> history;

    @BeforeAll
    static void start() {
        kafka = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        kafka.afterPropertiesSet();
        history = new CrmHistoryGenerator().generate(CrmHistoryGenerator.Settings.twoYears(2026, END)).events();
        command = service(CommandServiceApplication.class, "ledger-command.yml", "command");
        query = queryService("query-a");
        forecastDb = TestPostgres.freshDatabase("forecast");
        forecast = forecastService();
        oneProcess = new SpringApplicationBuilder(PipelineLedgerApplication.class).run("--server.port=0",
                "--ledger.data-dir=" + oneProcessData);
        client(command).post(history, 2_000);
        client(oneProcess).post(history, 2_000);
        client(oneProcess).awaitProjections();
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[]{second, query, forecast,
                command, oneProcess}) {
            if (context != null) {
                context.close();
            }
        }
        if (kafka != null) {
            kafka.destroy();
        }
    }

    @Test
    @Order(1)
    void queryAndForecastAnswerAsTheOneProcessAppDoes() {
        assertSameAnswers(query);
        String expected = until(() -> body(oneProcess, FORECAST), b -> b.contains("\"groups\""));
        assertThat(eventually(() -> body(forecast, FORECAST), expected)).as("forecast by team as of " + AS_OF)
                .isEqualTo(expected);
        JsonNode status = client(query).get("/api/v1/projections");
        assertThat(status.get("topic").get("partitions")).hasSize(PARTITIONS);
        assertThat(status.get("topic").get("lag").asLong()).isZero();
        assertThat(client(query).get("/actuator/health/readiness").get("status").asText()).isEqualTo("UP");
        assertThat(client(forecast).get("/actuator/health/readiness").get("status").asText()).isEqualTo("UP");
        assertThat(client(command).web().get().uri("/actuator/prometheus").exchange().expectBody(String.class)
                .returnResult().getResponseBody()).contains("ledger_kafka_published_total", "ledger_events_ingested");
        assertThat(client(query).web().get().uri("/actuator/prometheus").exchange().expectBody(String.class)
                .returnResult().getResponseBody()).contains("ledger_kafka_consumer_lag", "ledger_projection_lag");
    }

    @Test
    @Order(2)
    void redeliveriesLeaveTheReadModelsAsTheyWere() {
        long facts = client(query).get("/api/v1/projections").get("facts").asLong();
        long consumed = topicConsumed(query);
        // the publisher sends everything again (as after a crash before it stored its position) ...
        command.getBean(EventPublisher.class).republishAll();
        // ... and partition 0 is read twice
        query.getBean(KafkaEventSource.class).rewind(Set.of(0), () -> { });
        assertThat(until(() -> topicConsumed(query), n -> n >= consumed + history.size()))
                .isGreaterThanOrEqualTo(consumed + history.size());
        assertSameAnswers(query);
        assertThat(client(query).get("/api/v1/projections").get("facts").asLong()).isEqualTo(facts);
        assertThat(eventually(() -> body(forecast, FORECAST), body(oneProcess, FORECAST)))
                .isEqualTo(body(oneProcess, FORECAST));
    }

    @Test
    @Order(3)
    void aPoisonRecordIsSetAsideAndItsPartitionGoesOn() throws Exception {
        CrmEvent opened = history.stream().filter(e -> e.type().equals("OpportunityOpened")).findFirst().orElseThrow();
        String deal = "OPP-POISON-NEIGHBOUR";
        int partition = EventRecords.partitionOf(deal, PARTITIONS);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(TOPIC, partition, "OPP-POISON",
                    "{not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        // a deal on the same partition, posted after the poison, still arrives
        List<CrmEvent> late = List.of(new CrmEvent("late-open", "OpportunityOpened", deal, opened.occurredAt(),
                opened.fields()));
        client(command).post(late, 10);
        client(oneProcess).post(late, 10);
        client(oneProcess).awaitProjections();
        assertSameAnswers(query);
        JsonNode dead = until(() -> client(query).get("/api/v1/projections/dead-letters"),
                node -> node.size() == 1);
        assertThat(dead.get(0).get("key").asText()).isEqualTo("OPP-POISON");
        assertThat(dead.get(0).get("partition").asInt()).isEqualTo(partition);
        assertThat(dead.get(0).get("error").asText()).contains("ledger-event-id");
    }

    @Test
    @Order(4)
    void aSecondReplicaReadsEveryPartitionAndASecondInstanceOnOneReadModelIsRefused() {
        JsonNode alone = client(query).get("/api/v1/projections");
        // a replica with a read model of its own: a schema of one database, as the Kubernetes StatefulSet gives
        // each pod (currentSchema); no web server of its own (a second Netty server in this JVM would take over
        // Reactor Netty's shared loops), so its totals are read from its read model
        TestPostgres.Database shared = TestPostgres.freshDatabase("query-replicas");
        TestPostgres.Database replicaB = new TestPostgres.Database(shared.url() + "?currentSchema=replica_b",
                shared.user(), shared.password());
        second = service(QueryServiceApplication.class, "ledger-query.yml", "query-b", replicaB,
                "--ledger.query.standalone=true", "--spring.flyway.enabled=false",
                "--spring.main.web-application-type=none");
        DealLedger secondLedger = second.getBean(DealLedger.class);
        KafkaEventSource secondTopic = second.getBean(KafkaEventSource.class);
        until(() -> secondTopic.status(), status -> status.caughtUp()
                && secondLedger.factsApplied() == alone.get("facts").asLong());
        assertThat(secondTopic.status().partitions()).as("the second replica reads every partition")
                .hasSize(PARTITIONS);
        assertThat(secondLedger.dealCount()).isEqualTo(alone.get("deals").asInt());
        assertThat(secondLedger.factsApplied()).isEqualTo(alone.get("facts").asLong());
        JsonNode first = client(query).get("/api/v1/projections");
        assertThat(first.get("topic").get("partitions")).as("the first keeps every partition").hasSize(PARTITIONS);
        assertThat(first.get("deals").asInt()).isEqualTo(alone.get("deals").asInt());
        assertThat(query.getBean(KafkaEventSource.class).conflict()).isNull();
        String firstGroup = first.get("topic").get("group").asText();
        assertThat(firstGroup).startsWith("query-service-");
        assertThat(secondTopic.settings().group()).startsWith("query-service-").isNotEqualTo(firstGroup);
        assertThat(new org.springframework.jdbc.core.JdbcTemplate(second.getBean(javax.sql.DataSource.class))
                .queryForObject("SELECT current_schema()", String.class)).isEqualTo("replica_b");

        // the same read model a second time (configured alike): the group is taken, the start refused
        assertThatThrownBy(() -> service(QueryServiceApplication.class, "ledger-query.yml", "query-b-again",
                replicaB, "--ledger.query.standalone=true", "--spring.flyway.enabled=false",
                "--spring.main.web-application-type=none"))
                .hasStackTraceContaining("consumer group " + secondTopic.settings().group() + " is already read by")
                .hasStackTraceContaining("a database or schema of its own");
        assertThat(secondTopic.conflict()).isNull();
        assertThat(secondTopic.status().partitions()).hasSize(PARTITIONS);
        // the second replica leaves (its context stays up till the end: closing a WebFlux context disposes
        // Reactor Netty's shared resources under the other servers of this JVM)
        secondTopic.stop();
        assertSameAnswers(query);
    }

    @Test
    @Order(5)
    void aRestartedForecastServiceStartsFromItsSnapshotAndTheJournalTail() {
        BusinessPeriod q4 = BusinessPeriod.parse("2026-Q4").orElseThrow();
        Instant asOf = Instant.parse(AS_OF);
        Forecast before = forecast.getBean(ForecastService.class).forecast(q4, asOf, Grouping.TEAM, Method.LEARNED);
        long facts = forecast.getBean(ForecastLedger.class).view().deals().factCount();
        // last: closing a WebFlux context disposes Reactor Netty's shared resources under the other servers
        forecast.close(); // the shutdown snapshot replaces the journal rows it holds
        forecast = forecastService("--spring.main.web-application-type=none");
        KafkaEventSource topic = forecast.getBean(KafkaEventSource.class);
        until(() -> topic.status().ready(), ready -> ready);
        assertThat(topic.status().ready()).isTrue();
        ForecastLedger restarted = forecast.getBean(ForecastLedger.class);
        assertThat(restarted.received()).as("events read after the restart: none of the history again")
                .isLessThan(history.size() / 10);
        assertThat(restarted.view().deals().factCount()).isEqualTo(facts);
        assertThat(forecast.getBean(ForecastService.class).forecast(q4, asOf, Grouping.TEAM, Method.LEARNED))
                .isEqualTo(before);
    }

    private static ConfigurableApplicationContext forecastService(String... more) {
        List<String> args = new ArrayList<>(List.of("--ledger.forecast.standalone=true",
                "--spring.flyway.locations=classpath:db/eventstore/{vendor}"));
        args.addAll(List.of(more));
        return service(ForecastServiceApplication.class, "ledger-forecast.yml", "forecast", forecastDb,
                args.toArray(String[]::new));
    }

    private static void assertSameAnswers(ConfigurableApplicationContext service) {
        for (String uri : QUERIES) {
            String expected = body(oneProcess, uri);
            assertThat(eventually(() -> body(service, uri), expected)).as(uri).isEqualTo(expected);
        }
    }

    private static long topicConsumed(ConfigurableApplicationContext service) {
        return client(service).get("/api/v1/projections").get("topic").get("consumed").asLong();
    }

    private static ConfigurableApplicationContext queryService(String database, String... more) {
        List<String> args = new ArrayList<>(List.of("--ledger.query.standalone=true", "--spring.flyway.enabled=false"));
        args.addAll(List.of(more));
        return service(QueryServiceApplication.class, "ledger-query.yml", database, args.toArray(String[]::new));
    }

    private static ConfigurableApplicationContext service(Class<?> application, String settings, String database,
                                                          String... more) {
        return service(application, settings, database, TestPostgres.freshDatabase(database), more);
    }

    private static ConfigurableApplicationContext service(Class<?> application, String settings, String name,
                                                          TestPostgres.Database db, String... more) {
        List<String> args = new ArrayList<>(List.of("--spring.config.location=classpath:" + settings,
                "--server.port=0", "--spring.application.name=" + name,
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(), "--ledger.kafka.enabled=true",
                "--ledger.kafka.bootstrap-servers=" + kafka.getBrokersAsString(), "--ledger.kafka.topic=" + TOPIC,
                "--ledger.kafka.partitions=" + PARTITIONS, "--axon.axonserver.enabled=false",
                "--axon.serializer.general=jackson", "--axon.serializer.events=jackson",
                "--axon.serializer.messages=jackson", "--management.endpoints.web.exposure.include=health,prometheus",
                "--management.endpoint.health.probes.enabled=true"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
    }

    private static LedgerClient client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new LedgerClient(WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build());
    }

    /** The body of a GET, whatever its status (503 while a service catches up). */
    private static String body(ConfigurableApplicationContext context, String uri) {
        return client(context).web().get().uri(uri).exchange().expectBody(String.class).returnResult()
                .getResponseBody();
    }

    private static <T> T eventually(Supplier<T> answer, T expected) {
        return until(answer, value -> value.equals(expected));
    }

    private static <T> T until(Supplier<T> answer, java.util.function.Predicate<T> done) {
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
