package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.command.CommandServiceApplication;
import io.pipelineledger.command.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100k-event batches at the documented defaults (100,000 events, 64 MB): one event over the limit is refused whole
 * with a 413 naming the body, and nothing of it is stored; a batch at the limit is recorded whole; sent again, every
 * event is a duplicate and nothing is stored twice. {@link HostileInputTest} probes the limits with lower settings.
 */
class LargeBatchTest {

    static final int DEFAULT_MAX_EVENTS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBatchOverTheDefaultLimitIsRefusedWholeAndOneAtTheLimitIsRecordedOnce() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CommandServiceApplication.class).run(
                "--server.port=0", "--ledger.data-dir=" + Files.createTempDirectory("ledger-large-batch"))) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            WebTestClient client = WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort())
                    .responseTimeout(Duration.ofMinutes(3)).defaultHeader(TestKeys.HEADER, TestKeys.ADMIN)
                    .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1 << 20)).build();

            byte[] over = batch("over", DEFAULT_MAX_EVENTS + 1);
            JsonNode refused = JSON.readTree(client.post().uri("/api/v1/events")
                    .contentType(MediaType.parseMediaType("application/x-ndjson")).bodyValue(over).exchange()
                    .expectStatus().isEqualTo(413).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(String.class).returnResult().getResponseBody());
            assertThat(refused.path("field").asText()).isEqualTo("body");
            assertThat(refused.path("detail").asText()).contains("100000");
            assertThat(stored(jdbc, "over")).as("nothing of a refused batch").isZero();

            byte[] atLimit = batch("limit", DEFAULT_MAX_EVENTS);
            assertThat(atLimit.length).as("within the default 64 MB body limit").isLessThan(64 << 20);
            long started = System.nanoTime();
            JsonNode accepted = post(client, atLimit);
            System.out.printf("100,000-event batch (%d MB) recorded in %d ms%n", atLimit.length >> 20,
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(accepted.path("accepted").asInt()).isEqualTo(DEFAULT_MAX_EVENTS);
            assertThat(accepted.path("duplicates").asInt()).isZero();
            assertThat(accepted.path("rejected")).isEmpty();
            assertThat(stored(jdbc, "limit")).isEqualTo(DEFAULT_MAX_EVENTS);

            JsonNode again = post(client, atLimit);
            assertThat(again.path("accepted").asInt()).isZero();
            assertThat(again.path("duplicates").asInt()).isEqualTo(DEFAULT_MAX_EVENTS);
            assertThat(stored(jdbc, "limit")).as("each stored once").isEqualTo(DEFAULT_MAX_EVENTS);
        }
    }

    private static JsonNode post(WebTestClient client, byte[] body) throws Exception {
        return JSON.readTree(client.post().uri("/api/v1/events")
                .contentType(MediaType.parseMediaType("application/x-ndjson")).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    /** {@code count} valid events: 20,000 deals each opened, qualified, developed, presented and won. */
    private static byte[] batch(String prefix, int count) {
        String[] steps = {"\"type\":\"OpportunityOpened\",\"repId\":\"rep-1\",\"teamId\":\"team-1\",\"stage\":\"prospecting\",\"amount\":1000",
                "\"type\":\"StageChanged\",\"toStage\":\"qualification\"",
                "\"type\":\"StageChanged\",\"toStage\":\"development\"",
                "\"type\":\"StageChanged\",\"toStage\":\"presentation\"",
                "\"type\":\"OpportunityWon\",\"amount\":1000"};
        StringBuilder body = new StringBuilder(count * 200);
        for (int i = 0; i < count; i++) {
            int deal = i / steps.length;
            int step = i % steps.length;
            body.append("{\"eventId\":\"").append(prefix).append('-').append(i).append("\",\"opportunityId\":\"")
                    .append(prefix).append("-OPP-").append(deal).append("\",\"occurredAt\":\"2025-0")
                    .append(1 + step).append("-01T00:00:00Z\",").append(steps[step]).append("}\n");
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long stored(JdbcTemplate jdbc, String prefix) {
        return jdbc.queryForObject("SELECT COUNT(DISTINCT eventIdentifier) FROM DomainEventEntry WHERE "
                + "eventIdentifier LIKE ?", Long.class, "crm:" + prefix + "-%");
    }
}
