package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.CommandServiceApplication;
import io.pipelineledger.command.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.pipelineledger.command.support.LedgerEvents.array;
import static io.pipelineledger.command.support.LedgerEvents.histories;
import static io.pipelineledger.command.support.LedgerEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large batch does not hold up another client: while a 12,000-event batch is being written, single events are
 * answered in well under the time the batch takes (each waits for about one of the batch's transactions). One
 * writer, so the single events share it with the batch: the worst case. The figure for a 100k batch is measured
 * by IngestionBenchmark.
 */
class IngestionFairnessTest {

    static final int DEALS = 3_000; // 4 events each
    static final Duration GENEROUS_BOUND = Duration.ofSeconds(3);

    @Test
    void singleEventsAreAnsweredWhileALargeBatchIsBeingWritten() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CommandServiceApplication.class).run(
                "--server.port=0", "--ledger.ingest.writers=1", "--logging.level.root=WARN",
                "--ledger.data-dir=" + Files.createTempDirectory("ledger-fairness"))) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            WebTestClient client = WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort())
                    .responseTimeout(Duration.ofMinutes(2)).defaultHeader(TestKeys.HEADER, TestKeys.ADMIN)
                    .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1 << 20)).build();
            post(client, opened("warm-0", "WARM-0", "2026-01-05T09:00:00Z", "prospecting", "1"));

            String batch = array(histories("BIG", DEALS));
            long batchStarted = System.nanoTime();
            CompletableFuture<JsonNode> big = CompletableFuture.supplyAsync(() -> post(client, batch));
            while (stored(jdbc, "crm:BIG-%") == 0 && !big.isDone()) {
                Thread.sleep(5); // the batch is being written: its first transaction committed
            }
            List<Long> latencies = new ArrayList<>();
            boolean firstBeforeBatch = false;
            for (int i = 0; i < 5 && !big.isDone(); i++) {
                long sent = System.nanoTime();
                JsonNode single = post(client, opened("one-" + i, "ONE-" + i, "2026-01-05T09:00:00Z",
                        "prospecting", "1"));
                latencies.add((System.nanoTime() - sent) / 1_000_000);
                assertThat(single.path("accepted").asInt()).isEqualTo(1);
                if (i == 0) {
                    firstBeforeBatch = !big.isDone();
                }
            }
            JsonNode result = big.get();
            long batchMillis = (System.nanoTime() - batchStarted) / 1_000_000;
            System.out.printf("fairness: %,d-event batch took %d ms; single events during it answered in %s ms%n",
                    DEALS * 4, batchMillis, latencies);

            assertThat(result.path("accepted").asInt()).isEqualTo(DEALS * 4);
            assertThat(stored(jdbc, "crm:BIG-%")).isEqualTo(DEALS * 4L);
            assertThat(latencies).as("single events sent while the batch was written").isNotEmpty();
            assertThat(firstBeforeBatch).as("a single event sent during the batch is answered before it").isTrue();
            assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(GENEROUS_BOUND.toMillis()));
        }
    }

    private static JsonNode post(WebTestClient client, String body) {
        return client.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static long stored(JdbcTemplate jdbc, String pattern) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE eventIdentifier LIKE ?", Long.class,
                pattern);
    }
}
