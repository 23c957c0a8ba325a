package io.pipelineledger.command.rates;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.CommandServiceApplication;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.command.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rates survive a restart (they are events in the store), and a second instance on the same store sees what the
 * first recorded: its re-PUT of the same rates records nothing, its correction is the next event for that date,
 * and the first instance (whose cached table is now stale) decides against the store.
 */
class ExchangeRatesRestartTest {

    private static final String RATES = """
            [{"currency":"EUR","validFrom":"2026-01-01","rate":1.08},{"currency":"GBP","validFrom":"2026-01-01","rate":1.27}]""";

    @TempDir
    Path dataDir;

    @Test
    void onH2Files() {
        restartAndRead("--ledger.data-dir=" + dataDir);
    }

    @Test
    void onPostgres() {
        TestPostgres.Database db = TestPostgres.freshDatabase("rates_restart");
        restartAndRead("--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password());
    }

    private void restartAndRead(String... storage) {
        try (ConfigurableApplicationContext first = start(storage)) {
            assertThat(put(first, RATES).path("recorded")).hasSize(2);
        }
        try (ConfigurableApplicationContext second = start(storage)) {
            JsonNode all = get(second, "/api/v1/exchange-rates");
            assertThat(all.path("rates")).hasSize(2);
            assertThat(all.path("rates").get(0).path("currency").asText()).isEqualTo("EUR");
            assertThat(all.path("rates").get(0).path("rate").decimalValue()).isEqualByComparingTo("1.08");
            assertThat(put(second, RATES).path("recorded")).isEmpty();

            try (ConfigurableApplicationContext third = start(storage)) {
                // both instances have the table cached now; the third corrects EUR
                assertThat(put(third, RATES).path("recorded")).isEmpty();
                JsonNode corrected = put(third, "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":1.09}]");
                assertThat(corrected.path("recorded")).hasSize(1);
                // the second's cached table still says 1.08: putting 1.08 again must record it (a correction back)
                JsonNode back = put(second, "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":1.08}]");
                assertThat(back.path("recorded")).hasSize(1);
                JsonNode eur = get(third, "/api/v1/exchange-rates?asOf=2026-06-30").path("rates").get(0);
                assertThat(eur.path("rate").decimalValue()).isEqualByComparingTo("1.08");
                assertThat(eur.path("eventId").asText()).isEqualTo("rate:EUR:2026-01-01:3");
            }
        }
    }

    private static ConfigurableApplicationContext start(String... storage) {
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        args.addAll(List.of(storage));
        return new SpringApplicationBuilder(CommandServiceApplication.class).run(args.toArray(String[]::new));
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        int port = ((ReactiveWebServerApplicationContext) context).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofMinutes(2))
                .defaultHeader(TestKeys.HEADER, TestKeys.ADMIN).build();
    }

    private static JsonNode put(ConfigurableApplicationContext context, String body) {
        return client(context).put().uri("/api/v1/exchange-rates").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
    }

    private static JsonNode get(ConfigurableApplicationContext context, String uri) {
        return client(context).get().uri(uri).exchange().expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
    }
}
