package io.pipelineledger.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.embedded.support.LedgerClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo flag: a realistic two-year pipeline on the first start, nothing more on the next. */
class DemoPipelineTest {

    @Test
    void seedsTwoYearsOfAboutFortyRepsInThreeRegionsOnceOnly() throws Exception {
        Path data = Files.createTempDirectory("ledger-demo");
        long stored;
        try (ConfigurableApplicationContext app = start(data)) {
            LedgerClient ledger = client(app);
            JsonNode status = ledger.awaitProjections();
            stored = events(app);
            assertThat(status.get("deals").asLong()).isBetween(2_000L, 4_500L);
            JsonNode reps = ledger.get("/api/v1/winrates?groupBy=rep");
            assertThat(reps.get("groups").size()).isBetween(38, 40);
            Set<String> regions = new HashSet<>();
            ledger.get("/api/v1/winrates?groupBy=region").get("groups").forEach(g -> regions.add(g.get("group")
                    .asText()));
            assertThat(regions).containsExactlyInAnyOrder("emea", "amer", "apac");
            // two years of history: the earliest stage entry about 730 days back
            JsonNode quarters = ledger.get("/api/v1/conversion?groupBy=all&interval=quarter");
            assertThat(quarters.get("groups").size()).isGreaterThanOrEqualTo(8);
            // skips and backward moves are in it
            JsonNode maturity = ledger.get("/api/v1/maturity");
            assertThat(maturity.toString()).contains("skip");
        }
        try (ConfigurableApplicationContext app = start(data)) {
            client(app).awaitProjections();
            assertThat(events(app)).isEqualTo(stored);
        }
    }

    private static long events(ConfigurableApplicationContext app) {
        return app.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM DomainEventEntry", Long.class);
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(PipelineLedgerApplication.class).run("--server.port=0",
                "--ledger.data-dir=" + data, "--ledger.demo=true");
    }

    private static LedgerClient client(ConfigurableApplicationContext app) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new LedgerClient(WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofMinutes(2)).codecs(c -> c.defaultCodecs().maxInMemorySize(64 << 20))
                .build());
    }
}
