package io.pipelineledger.embedded.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.embedded.PipelineLedgerApplication;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: "re-posting a 5 MB batch of duplicates took 6.0 s against 3.2 s for the first post", in the one-process
 * app (H2 files, the README's way to run it). The same body posted once, again at once (the query and forecast
 * read models still applying the first post's events on the same two cores), and again once they caught up.
 */
@Tag("benchmark")
@SpringBootTest(classes = PipelineLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.level.root=WARN")
class RepostBenchmark {

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("ledger-repost").toString();
        registry.add("ledger.data-dir", () -> data);
    }

    @Autowired
    WebTestClient web;

    @Test
    void repostOfA5MbBatch() {
        LedgerClient ledger = new LedgerClient(web);
        web = web.mutate().responseTimeout(Duration.ofMinutes(5)).build();
        List<CrmEvent> all = new CrmHistoryGenerator().generate(CrmHistoryGenerator.Settings.twoYears(14,
                Instant.parse("2026-10-01T00:00:00Z"))).events();
        List<CrmEvent> events = new ArrayList<>();
        int bytes = 2;
        for (CrmEvent event : all) {
            int size = CrmEvent.toJsonArray(List.of(event)).length();
            if (bytes + size > 5 << 20) {
                break;
            }
            events.add(event);
            bytes += size - 1;
        }
        String body = CrmEvent.toJsonArray(events);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, """
                ## Re-posting a 5 MB batch in the one-process app (issue 14) — %s

                %,d events, %.1f MB, one request each; H2 files; client and app on this machine (%d cores).

                | post | seconds | accepted | duplicates |
                |---|---:|---:|---:|
                """, java.time.LocalDate.now(), events.size(), body.length() / 1048576.0,
                Runtime.getRuntime().availableProcessors()));
        report.append(post("first post", body));
        report.append(post("re-post at once (read models busy with the first)", body));
        ledger.awaitProjections();
        report.append(post("re-post, read models caught up", body));
        report.append(post("re-post again, read models idle", body));
        System.out.println(report);
    }

    private String post(String what, String body) {
        long started = System.nanoTime();
        JsonNode answer = LedgerClient.json(web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody());
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(answer.path("rejected")).isEmpty();
        return String.format(Locale.ROOT, "| %s | %.2f | %,d | %,d |%n", what, seconds,
                answer.path("accepted").asInt(), answer.path("duplicates").asInt());
    }
}
