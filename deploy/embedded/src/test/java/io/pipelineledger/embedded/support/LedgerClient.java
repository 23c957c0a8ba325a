package io.pipelineledger.embedded.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.events.generator.CrmEvent;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Talks to a running ledger over HTTP, as a CRM and a dashboard would (with the tests' admin key, {@link TestKeys}). */
public final class LedgerClient {

    // decimals as BigDecimal, so amounts compare exactly
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final WebTestClient web;

    public LedgerClient(WebTestClient web) {
        this.web = web.mutate().responseTimeout(Duration.ofMinutes(2))
                .defaultHeaders(headers -> headers.set(TestKeys.HEADER, TestKeys.ADMIN)).build();
    }

    /** Posts the events in chunks, asserting every one is accepted (or a duplicate when posted again). */
    public void post(List<CrmEvent> events, int chunk) {
        for (int i = 0; i < events.size(); i += chunk) {
            List<CrmEvent> part = events.subList(i, Math.min(events.size(), i + chunk));
            JsonNode answer = json(web.post().uri("/api/v1/events").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(CrmEvent.toJsonArray(part)).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            assertThat(answer.get("rejected")).as("rejected events").isEmpty();
        }
    }

    /** Waits until the projections have applied everything stored so far. */
    public JsonNode awaitProjections() {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            JsonNode status = get("/api/v1/projections");
            boolean caughtUp = true;
            for (JsonNode processor : status.get("processors")) {
                caughtUp &= processor.get("caughtUp").asBoolean() && !processor.get("replaying").asBoolean();
            }
            if (caughtUp) {
                return status;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("projections did not catch up: " + status);
            }
            sleep(50);
        }
    }

    public JsonNode get(String uri) {
        return json(web.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody());
    }

    /** The problem+json answer of a request expected to fail with {@code status}. */
    public JsonNode problem(String uri, int status) {
        return json(web.get().uri(uri).exchange().expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody());
    }

    public WebTestClient web() {
        return web;
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
