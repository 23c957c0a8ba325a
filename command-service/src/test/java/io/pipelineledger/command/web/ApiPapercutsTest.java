package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
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
}
