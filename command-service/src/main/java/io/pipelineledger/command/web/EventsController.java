package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.ingest.IngestResult;
import io.pipelineledger.command.ingest.IngestionService;
import io.pipelineledger.command.ingest.body.EventBodies;
import io.pipelineledger.command.ingest.body.RawEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.Map;

/**
 * CRM ingestion. Bodies are read chunk by chunk as they arrive, under the limits of {@link EventBodies}; the events
 * of large ones become commands on the parallel scheduler, of small ones where they arrive; recording runs on the
 * ingestion writers' own threads: no blocking work on the event loop.
 */
@RestController
public class EventsController {

    public static final String NDJSON = "application/x-ndjson";
    private static final int INLINE_PARSE_BYTES = 16 * 1024;

    private final IngestionService ingestion;
    private final EventBodies bodies;

    public EventsController(IngestionService ingestion, EventBodies bodies) {
        this.ingestion = ingestion;
        this.bodies = bodies;
    }

    /** A JSON array of events (or one event object), or NDJSON: each event stands or falls alone. */
    @Operation(summary = "Record CRM events", description = "A JSON array of events (or one event object), or "
            + "application/x-ndjson with one event per line. Each event stands or falls alone: the answer counts "
            + "the recorded and duplicate ones and lists the refused ones by index, with the HTTP status the "
            + "event alone would have had and the field at fault. An eventId posted again with the same fact is a "
            + "duplicate, never a second fact; with a different fact it is refused (409, field eventId), also within "
            + "one request (the first occurrence stands). Answered only after the events are durably stored.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            examples = @ExampleObject(name = "batch", value = ApiExamples.EVENTS_BATCH)),
                    @Content(mediaType = NDJSON,
                            examples = @ExampleObject(name = "ndjson", value = ApiExamples.EVENTS_NDJSON))}),
            responses = {
                    @ApiResponse(responseCode = "200", description = "per-event results",
                            content = @Content(schema = @Schema(implementation = IngestResult.class),
                                    examples = @ExampleObject(value = ApiExamples.INGEST_RESULT))),
                    @ApiResponse(responseCode = "400", description = "the body is not JSON / NDJSON at all",
                            content = @Content(mediaType = "application/problem+json",
                                    examples = @ExampleObject(value = ApiExamples.PROBLEM_BODY))),
                    @ApiResponse(responseCode = "413", description = "too many events or too large a body",
                            content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "415", description = "neither JSON nor NDJSON",
                            content = @Content(mediaType = "application/problem+json"))})
    @PostMapping(path = "/api/v1/events", consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<IngestResult> post(ServerHttpRequest request,
                                   @RequestHeader(value = "Content-Type", required = false) MediaType contentType) {
        boolean ndjson = contentType != null && contentType.isCompatibleWith(MediaType.parseMediaType(NDJSON));
        // read chunk by chunk as it arrives, under the limits: a hostile body is refused before it is all here
        return bodies.read(request.getBody(), ndjson).flatMap(body -> {
            Mono<IngestResult> result = Mono.fromCallable(() -> ingestion.ingestRead(body.events()))
                    .flatMap(Mono::fromFuture);
            // Small bodies parse in microseconds: a thread hop would cost more than it saves the event loop.
            return body.bytes() <= INLINE_PARSE_BYTES ? result : result.subscribeOn(Schedulers.parallel());
        });
    }

    /**
     * One event for one opportunity, answered like a single resource: 201 when recorded, 200 when it is a
     * duplicate, and a problem (400/404/409/422) naming the field when refused.
     */
    @Operation(summary = "Record one event of one opportunity", description = "The opportunityId comes from the "
            + "path. 201 when recorded, 200 when it is a duplicate, otherwise a problem naming the field (a blocked "
            + "advance under REJECT enforcement is a 409 listing unmetExitCriteria).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content =
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(value = ApiExamples.SINGLE_EVENT))),
            responses = {
                    @ApiResponse(responseCode = "201", description = "recorded; Location: the opportunity "
                            + "(/api/v1/opportunities/{opportunityId})"),
                    @ApiResponse(responseCode = "200", description = "a duplicate of a recorded event"),
                    @ApiResponse(responseCode = "404", description = "unknown opportunity",
                            content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "409", description = "in conflict with what is recorded (also: "
                            + "its eventId is already used for a different fact)",
                            content = @Content(mediaType = "application/problem+json",
                                    examples = @ExampleObject(value = ApiExamples.PROBLEM_BLOCKED)))})
    @PostMapping(path = "/api/v1/opportunities/{opportunityId}/events", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> postOne(@PathVariable String opportunityId,
                                                             ServerHttpRequest request) {
        return bodies.readOne(request.getBody()).flatMap(event -> Mono.fromCallable(() -> single(opportunityId, event))
                .subscribeOn(Schedulers.parallel())
                .flatMap(events -> Mono.fromFuture(ingestion.ingest(events)))
                .flatMap(result -> {
                    if (!result.rejected().isEmpty()) {
                        IngestResult.Rejection r = result.rejected().get(0);
                        return Mono.error(new CommandRejectedException(r.status(), r.field(), r.error(),
                                r.unmetExitCriteria()));
                    }
                    boolean recorded = result.accepted() == 1;
                    // the opportunity the event now belongs to (GET on the query side)
                    return Mono.just((recorded ? ResponseEntity.created(opportunityUri(opportunityId))
                            : ResponseEntity.ok()).body(Map.<String, Object>of("eventId", event.node().path("eventId").asText(),
                                    "status", recorded ? "RECORDED" : "DUPLICATE")));
                }));
    }

    private static java.net.URI opportunityUri(String opportunityId) {
        return org.springframework.web.util.UriComponentsBuilder.fromPath("/api/v1/opportunities/{id}")
                .buildAndExpand(opportunityId).encode().toUri();
    }

    private static List<JsonNode> single(String opportunityId, RawEvent read) throws CommandRejectedException {
        if (read.unreadable() != null) {
            throw read.unreadable();
        }
        if (!(read.node() instanceof ObjectNode object)) {
            throw new CommandRejectedException(400, "body", "body must be one JSON event object");
        }
        JsonNode given = object.get("opportunityId");
        if (given != null && !given.asText().equals(opportunityId)) {
            throw new CommandRejectedException(400, "opportunityId",
                    "opportunityId in the body differs from the one in the path");
        }
        object.put("opportunityId", opportunityId);
        return List.of(object);
    }
}
