package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.support.LedgerEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The command service's answers to a wrong Content-Type name the header, whatever the endpoint and the type. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiPapercutsTest {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", () -> dataDir.toString());
    }

    @Autowired
    WebTestClient web;

    @BeforeEach
    void patientClient() {
        web = web.mutate().responseTimeout(Duration.ofMinutes(2)).build();
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @CsvSource({
            "POST, /api/v1/events, text/plain",
            "POST, /api/v1/events, application/xml",
            "POST, /api/v1/events, application/x-www-form-urlencoded",
            "POST, /api/v1/events, ''",
            "POST, /api/v1/opportunities/OPP-1/events, text/plain",
            "PUT, /api/v1/process, text/plain",
            "PUT, /api/v1/exchange-rates, text/csv",
            "POST, /api/v1/import/opportunity-history, application/json",
            "POST, /api/v1/import/opportunity-history, ''",
    })
    void a415NamesContentType(String method, String path, String contentType) {
        WebTestClient.RequestBodySpec request = web.method(HttpMethod.valueOf(method)).uri(path);
        if (!contentType.isEmpty()) {
            request = request.header("Content-Type", contentType);
        }
        EntityExchangeResult<JsonNode> answer = request.bodyValue("[]".getBytes()).exchange()
                .expectBody(JsonNode.class).returnResult();
        assertThat(answer.getStatus().value()).as("%s", answer.getResponseBody()).isEqualTo(415);
        assertThat(answer.getResponseHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(answer.getResponseBody().path("field").asText()).isEqualTo("Content-Type");
        assertThat(answer.getResponseBody().path("detail").asText()).contains("Content-Type");
    }

    @Test
    void ndjsonSentAsJsonIsA400SayingHowToSendSeveralEvents() {
        String ndjson = LedgerEvents.ndjson(
                LedgerEvents.opened("pc-1", "PC-1", "2026-03-01T10:00:00Z", "prospecting", "100"),
                LedgerEvents.opened("pc-2", "PC-2", "2026-03-01T10:00:00Z", "prospecting", "100"));
        JsonNode problem = problem(web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ndjson).exchange(), 400);
        assertThat(problem.path("field").asText()).isEqualTo("Content-Type");
        assertThat(problem.path("detail").asText())
                .contains("send several events as a JSON array or as application/x-ndjson")
                .doesNotContain("FAIL_ON_TRAILING_TOKENS", "Trailing token");
        JsonNode twoArrays = problem(web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[] []").exchange(), 400);
        assertThat(twoArrays.path("field").asText()).isEqualTo("body");
        assertThat(twoArrays.path("detail").asText()).contains("as a JSON array or as application/x-ndjson");
        // nothing of the refused body was recorded; the same lines as NDJSON are
        JsonNode recorded = web.post().uri("/api/v1/events").contentType(MediaType.parseMediaType(
                "application/x-ndjson")).bodyValue(ndjson).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(recorded.path("accepted").asInt()).isEqualTo(2);
    }

    static JsonNode problem(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void theCommandServicesOpenApiDocumentIsItsOwnWithExamples() {
        JsonNode doc = web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(doc.path("info").path("title").asText()).isEqualTo("Pipeline Ledger — command API");
        JsonNode keys = doc.path("paths").path("/api/v1/admin/api-keys").path("post");
        assertThat(keys.path("requestBody").path("content").path("application/json").toString())
                .contains("forecast:read");
        JsonNode importBody = doc.path("paths").path("/api/v1/import/opportunity-history").path("post")
                .path("requestBody").path("content").path("multipart/form-data");
        assertThat(importBody.toString()).contains("Closed Won = WON");
        assertThat(importBody.path("schema").toString()).contains("OpportunityHistoryImport");
        JsonNode rates = doc.path("paths").path("/api/v1/exchange-rates");
        assertThat(rates.path("put").path("requestBody").toString()).contains("validFrom", "EUR");
        assertThat(rates.path("get").path("responses").path("200").toString()).contains("reportingCurrency");
    }

    @Test
    void createdAnswersSayWhereTheResourceIs() {
        EntityExchangeResult<JsonNode> key = web.post().uri("/api/v1/admin/api-keys")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"finance\",\"scopes\":[\"forecast:read\"]}")
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult();
        String id = key.getResponseBody().path("id").asText();
        assertThat(key.getResponseHeaders().getLocation()).hasToString("/api/v1/admin/api-keys/" + id);
        // the Location is the key's resource: DELETE there revokes it
        web.delete().uri(key.getResponseHeaders().getLocation().toString()).exchange().expectStatus().isNoContent();

        web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(LedgerEvents.array(LedgerEvents.opened("loc-1", "LOC:1", "2026-03-01T10:00:00Z",
                        "prospecting", "100"))).exchange().expectStatus().isOk();
        EntityExchangeResult<JsonNode> one = web.post().uri("/api/v1/opportunities/LOC:1/events")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"eventId\":\"loc-2\",\"type\":\"StageChanged\",\"occurredAt\":\"2026-03-02T10:00:00Z\","
                        + "\"toStage\":\"qualification\"}")
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult();
        assertThat(one.getResponseHeaders().getLocation()).hasToString("/api/v1/opportunities/LOC:1");
    }
}
