package io.pipelineledger.query.web;

import io.pipelineledger.events.stream.StreamTables;
import io.pipelineledger.query.projection.ProjectionStatus;
import io.pipelineledger.query.projection.Projections;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;

/** Where the projections stand, and the replay that rebuilds them from the event store. */
@RestController
public class ProjectionsController {

    private final Projections projections;

    public ProjectionsController(Projections projections) {
        this.projections = projections;
    }

    @Operation(summary = "Projection status", description = "Per processor: the last event position applied, the "
            + "event store's head, whether it has caught up and whether it is replaying; deals and facts in the read "
            + "model.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = QueryApiExamples.STATUS)))
    @GetMapping(path = "/api/v1/projections", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ProjectionStatus> status() {
        return Mono.fromCallable(projections::status).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Rebuild every projection from the event store", description = "Stops the processor, "
            + "clears the read model, reads every stored event into it, stores the snapshot with the processor's "
            + "tokens at the last event and starts the processor again; answers 202 at once. Follow progress on "
            + "GET /api/v1/projections (replaying, caughtUp, position, head).")
    @ApiResponse(responseCode = "202", content = @Content(examples = @ExampleObject(value = QueryApiExamples.STATUS)))
    @PostMapping(path = "/api/v1/projections/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<ProjectionStatus>> replay() {
        return Mono.fromCallable(() -> {
            projections.startReplay();
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(projections.status());
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Dead letters of the event topic", description = "Three-service mode: records of the event "
            + "topic this instance could not apply (not the ledger's format, an unknown or unreadable payload, or a "
            + "failure that persisted over retries), newest first, with where they were and why; the partition went "
            + "on past them. Always empty in the one-process mode. limit: 1-1000, default 100.")
    @ApiResponse(responseCode = "200",
            content = @Content(examples = @ExampleObject(value = QueryApiExamples.DEAD_LETTERS)))
    @GetMapping(path = "/api/v1/projections/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<StreamTables.DeadLetter>> deadLetters(@RequestParam(defaultValue = "100") String limit) {
        int count = QueryParameters.limit(limit);
        return Mono.fromCallable(() -> projections.deadLetters(count)).subscribeOn(Schedulers.boundedElastic());
    }
}
