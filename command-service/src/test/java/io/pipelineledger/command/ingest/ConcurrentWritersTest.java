package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.pipelineledger.command.CommandServiceApplication;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.command.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.pipelineledger.command.support.LedgerEvents.milestone;
import static io.pipelineledger.command.support.LedgerEvents.of;
import static io.pipelineledger.command.support.LedgerEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients writing one opportunity at once, through two command services on one PostgreSQL event store (so the
 * writers really race for the same sequence numbers): every fact is stored exactly once with gap-free sequence
 * numbers, the clients' retries of refused requests duplicate nothing, and the stored stream is exactly what the
 * same facts give when applied one at a time in that order. One eventId raced through both services for two
 * different facts is recorded once and refused (409) once.
 */
class ConcurrentWritersTest {

    static final int THREADS = 8;
    static final int PER_THREAD = 25;
    static final List<String> MILESTONES = List.of("first-meeting-accepted", "icp-fit-checked", "pain-confirmed",
            "budget-confirmed", "decision-process-identified");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void concurrentWritesEqualASequentialApplication() throws Exception {
        TestPostgres.Database db = TestPostgres.freshDatabase("concurrent");
        try (ConfigurableApplicationContext a = start(db); ConfigurableApplicationContext b = start(db)) {
            WebTestClient[] services = {client(a), client(b)};
            JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
            post(services[0], opened("c-open", "SAME-1", "2026-01-05T09:00:00Z", "prospecting", "10000"));

            Map<String, String> inputs = new HashMap<>();
            AtomicInteger refusedThenRetried = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<String> mine = new ArrayList<>();
                for (int n = 0; n < PER_THREAD; n++) {
                    String id = "c-" + t + "-" + n;
                    String at = Instant.parse("2026-02-01T00:00:00Z").plusSeconds(3_600L * (t * PER_THREAD + n))
                            .toString();
                    String event = switch (n % 4) {
                        case 0 -> milestone(id, "SAME-1", at, MILESTONES.get((t + n) % MILESTONES.size()));
                        case 1 -> of("AmountRevised", id, "SAME-1", at, "\"amount\":" + (1000 + 37 * t + n));
                        case 2 -> of("ForecastCategorySet", id, "SAME-1", at,
                                "\"category\":\"" + List.of("PIPELINE", "BEST_CASE", "COMMIT").get((t + n) % 3) + "\"");
                        default -> of("CloseDateRevised", id, "SAME-1", at,
                                "\"expectedCloseDate\":\"2026-0" + (3 + (t + n) % 6) + "-15\"");
                    };
                    mine.add(event);
                    synchronized (inputs) {
                        inputs.put(id, event);
                    }
                }
                int thread = t;
                clients.add(pool.submit(() -> {
                    for (int n = 0; n < mine.size(); n++) {
                        // alternate between the two services; a refused request is sent again, as a CRM would
                        WebTestClient service = services[(thread + n) % 2];
                        int attempts = 0;
                        while (!accepted(service, mine.get(n))) {
                            refusedThenRetried.incrementAndGet();
                            assertThat(++attempts).as("attempts for " + thread + "/" + n).isLessThan(50);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
            pool.shutdown();

            List<Map<String, Object>> stored = jdbc.queryForList("SELECT sequenceNumber, eventIdentifier, payload "
                    + "FROM DomainEventEntry WHERE aggregateIdentifier = 'SAME-1' ORDER BY sequenceNumber");
            assertThat(stored).hasSize(1 + THREADS * PER_THREAD);
            for (int i = 0; i < stored.size(); i++) {
                assertThat(((Number) stored.get(i).get("sequenceNumber")).longValue()).as("gap-free").isEqualTo(i);
            }
            assertThat(stored.stream().map(r -> r.get("eventIdentifier")).distinct().count())
                    .as("each fact once").isEqualTo(stored.size());

            // the same facts, one request at a time in the stored order, to a fresh opportunity on one service
            post(services[0], opened("s-open", "SEQ-1", "2026-01-05T09:00:00Z", "prospecting", "10000"));
            for (Map<String, Object> row : stored.subList(1, stored.size())) {
                String id = ((String) row.get("eventIdentifier")).substring("crm:".length());
                post(services[0], inputs.get(id).replace("\"" + id + "\"", "\"s" + id.substring(1) + "\"")
                        .replace("SAME-1", "SEQ-1"));
            }
            List<Map<String, Object>> sequential = jdbc.queryForList("SELECT payload FROM DomainEventEntry "
                    + "WHERE aggregateIdentifier = 'SEQ-1' ORDER BY sequenceNumber");
            assertThat(sequential).hasSize(stored.size());
            for (int i = 0; i < stored.size(); i++) {
                assertThat(payload(sequential.get(i)).replace("SEQ-1", "SAME-1").replace("\"eventId\":\"s-", "\"eventId\":\"c-"))
                        .as("fact " + i)
                        .isEqualTo(payload(stored.get(i)));
            }
            // the two services really raced: some transactions found their sequence number taken and were retried
            double conflicts = retried(a) + retried(b);
            assertThat(conflicts).as("write conflicts between the two services").isPositive();
            System.out.printf("concurrent writers: %d facts by %d clients through 2 services, %.0f conflicting "
                    + "transactions retried, %d requests refused and sent again%n", stored.size() - 1, THREADS,
                    conflicts, refusedThenRetried.get());

            oneEventIdRacedThroughBothServicesForTwoFactsRecordsExactlyOne(services, jdbc);
        }
    }

    /** Two clients, one per service, post the same eventId for different deals at once: one recorded, one 409. */
    private static void oneEventIdRacedThroughBothServicesForTwoFactsRecordsExactlyOne(WebTestClient[] services,
                                                                                     JdbcTemplate jdbc)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String id = "x-race-" + round;
                List<Future<JsonNode>> answers = new ArrayList<>();
                for (int side = 0; side < 2; side++) {
                    String event = opened(id, "XR-" + side + "-" + round, "2026-01-05T09:00:00Z", "prospecting",
                            String.valueOf(10 + side));
                    WebTestClient service = services[side];
                    answers.add(pool.submit(() -> answered(service, event)));
                }
                int recorded = 0;
                int refused = 0;
                for (Future<JsonNode> answer : answers) {
                    JsonNode result = answer.get();
                    recorded += result.path("accepted").asInt();
                    for (JsonNode rejection : result.path("rejected")) {
                        assertThat(rejection.path("status").asInt()).as(result.toString()).isEqualTo(409);
                        assertThat(rejection.path("field").asText()).isEqualTo("eventId");
                        refused++;
                    }
                }
                assertThat(recorded).as("recorded in round " + round).isEqualTo(1);
                assertThat(refused).as("refused in round " + round).isEqualTo(1);
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier "
                        + "LIKE ?", Long.class, "XR-_-" + round)).isEqualTo(1);
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The service's answer, sending the request again while it asks for a retry (503). */
    private static JsonNode answered(WebTestClient service, String event) {
        for (int attempt = 0; attempt < 50; attempt++) {
            EntityExchangeResult<byte[]> result = service.post().uri("/api/v1/events")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("[" + event + "]").exchange().expectBody()
                    .returnResult();
            if (result.getStatus().value() != 503) {
                assertThat(result.getStatus().value()).isEqualTo(200);
                JsonNode answer = read(result.getResponseBodyContent());
                JsonNode rejected = answer.path("rejected");
                if (rejected.isEmpty() || rejected.get(0).path("status").asInt() != 503) {
                    return answer;
                }
            }
        }
        throw new AssertionError("no answer but 503 for " + event);
    }

    /** True when the service recorded the event now or before (a duplicate); false when it asks for a retry. */
    private static boolean accepted(WebTestClient service, String event) {
        EntityExchangeResult<byte[]> result = service.post().uri("/api/v1/events")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("[" + event + "]").exchange().expectBody()
                .returnResult();
        int status = result.getStatus().value();
        if (status == 503) {
            return false;
        }
        assertThat(status).as(new String(result.getResponseBodyContent(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode answer = read(result.getResponseBodyContent());
        if (answer.path("accepted").asInt() + answer.path("duplicates").asInt() == 1) {
            return true;
        }
        assertThat(answer.path("rejected").get(0).path("status").asInt()).as(answer.toString()).isEqualTo(503);
        return false;
    }

    private static double retried(ConfigurableApplicationContext app) {
        return app.getBean(MeterRegistry.class).counter("ledger.ingest.batches.retried").count();
    }

    private static void post(WebTestClient service, String event) {
        assertThat(accepted(service, event)).as(event).isTrue();
    }

    private static String payload(Map<String, Object> row) {
        Object payload = row.get("payload");
        return payload instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(payload);
    }

    private static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ConfigurableApplicationContext start(TestPostgres.Database db) {
        return new SpringApplicationBuilder(CommandServiceApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password());
    }

    private static WebTestClient client(ConfigurableApplicationContext app) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:"
                        + ((WebServerApplicationContext) app).getWebServer().getPort())
                .responseTimeout(Duration.ofMinutes(1)).defaultHeader(TestKeys.HEADER, TestKeys.ADMIN).build();
    }
}
