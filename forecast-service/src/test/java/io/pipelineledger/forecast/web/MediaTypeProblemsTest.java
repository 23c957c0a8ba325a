package io.pipelineledger.forecast.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.events.web.MediaTypeProblems;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forecast service alone: a body of a type its endpoint does not take is refused while the request is mapped,
 * where ForecastProblemHandler (its own controllers only) does not apply and Spring Boot's problem-details handler
 * (order 0, enabled in this service) answered without a field. With the shared MediaTypeProblems the 415 names
 * Content-Type and the types the endpoint takes.
 */
class MediaTypeProblemsTest {

    @RestController
    static class Submissions {
        @PostMapping(path = "/api/v1/forecast/submissions", consumes = MediaType.APPLICATION_JSON_VALUE)
        String submit(@RequestBody String body) {
            return "{}";
        }
    }

    /** What spring.webflux.problemdetails.enabled registers (ProblemDetailsExceptionHandler, order 0). */
    @ControllerAdvice
    @Order(0)
    static class BootProblemDetails extends ResponseEntityExceptionHandler {
    }

    @Test
    void a415NamesContentTypeInTheForecastServiceToo() {
        WebTestClient withShared = WebTestClient.bindToController(new Submissions())
                .controllerAdvice(new ForecastProblemHandler(), new BootProblemDetails(), new MediaTypeProblems())
                .build();
        EntityExchangeResult<JsonNode> answer = withShared.post().uri("/api/v1/forecast/submissions")
                .contentType(MediaType.TEXT_PLAIN).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult();
        assertThat(answer.getResponseBody().path("field").asText()).isEqualTo("Content-Type");
        assertThat(answer.getResponseBody().path("detail").asText()).contains("application/json");
        assertThat(answer.getResponseHeaders().getAccept()).contains(MediaType.APPLICATION_JSON);

        // the refusal this fixes: the same service without it answers with no field
        WebTestClient without = WebTestClient.bindToController(new Submissions())
                .controllerAdvice(new ForecastProblemHandler(), new BootProblemDetails()).build();
        JsonNode before = without.post().uri("/api/v1/forecast/submissions").contentType(MediaType.TEXT_PLAIN)
                .bodyValue("{}").exchange().expectStatus().isEqualTo(415).expectBody(JsonNode.class)
                .returnResult().getResponseBody();
        assertThat(before.has("field")).isFalse();
    }
}
