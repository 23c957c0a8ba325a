package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.process.ProcessService;
import io.pipelineledger.command.process.SalesProcessParser;
import io.pipelineledger.command.process.VersionedProcess;
import io.pipelineledger.events.Actor;
import io.pipelineledger.events.period.BusinessTime;
import io.pipelineledger.events.process.Enforcement;
import io.pipelineledger.events.process.StageDefinition;
import io.pipelineledger.events.security.Actors;
import io.pipelineledger.events.security.OnBehalfOf;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

/** The sales process: define a new version, read the one in force or any earlier one. */
@RestController
public class ProcessController {

    /**
     * A process version as the API shows it. {@code definedBy} and {@code actor}: who defined it, as authenticated
     * (absent for versions recorded before the ledger kept it); {@code onBehalfOf}: the X-Ledger-Actor it sent.
     */
    public record ProcessView(int version, Instant definedAt, Instant recordedAt, String definedBy, Actor actor,
                              String onBehalfOf, List<StageDefinition> stages, Enforcement enforcement) {

        static ProcessView of(VersionedProcess p) {
            return new ProcessView(p.version(), p.definedAt(), p.recordedAt(), p.definedBy(), p.actor(),
                    p.onBehalfOf(), p.process().stages(), p.process().enforcement());
        }
    }

    /** Whom a client says it acts for; stored as onBehalfOf, next to the authenticated actor. */
    static final String ON_BEHALF_OF_HEADER = "X-Ledger-Actor";

    private final ProcessService processes;

    public ProcessController(ProcessService processes) {
        this.processes = processes;
    }

    /** The version in force now, as of a business time ({@code asOf}: instant or date), or a given version. */
    @Operation(summary = "The sales process", description = "The version in force now, the one in force at a "
            + "business time (asOf: ISO-8601 instant or date), or a given version.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = ApiExamples.PROCESS_VIEW)))
    @GetMapping(path = "/api/v1/process", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ProcessView> get(@RequestParam(required = false) Integer version,
                                 @RequestParam(required = false) String asOf) {
        return Mono.fromCallable(() -> {
            if (version != null) {
                return ProcessView.of(processes.version(version).orElseThrow(() -> new CommandRejectedException(
                        404, "version", "the sales process has no version " + version)));
            }
            if (asOf != null) {
                Instant at = BusinessTime.parse(asOf).orElseThrow(() -> new CommandRejectedException(400,
                        "asOf", "asOf must be an ISO-8601 instant or date, such as 2026-03-01T00:00:00Z"));
                if (!BusinessTime.supported(at)) {
                    throw new CommandRejectedException(400, "asOf", "asOf must be " + BusinessTime.RANGE);
                }
                return ProcessView.of(processes.asOf(at).orElseThrow(() -> new CommandRejectedException(404,
                        "asOf", "no sales process was defined by " + at)));
            }
            return ProcessView.of(processes.current());
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Every version of the sales process, oldest first")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(
            value = "[" + ApiExamples.PROCESS_VIEW + "]")))
    @GetMapping(path = "/api/v1/process/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<ProcessView>> versions() {
        return Mono.fromCallable(() -> processes.versions().stream().map(ProcessView::of).toList())
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Records a new version when the body differs from the process in force; answers the version in force. */
    @Operation(summary = "Define the sales process", description = "Ordered stages with exit criteria (milestones)."
            + " Records a new version when the body differs from the process in force; opportunities keep the "
            + "version they were opened under. enforcement RECORD (default) flags advances with unmet required "
            + "criteria, REJECT refuses them. Criteria are required and ask for a buyer action unless stated. "
            + "The version records the caller's key (or token subject) as its actor; an X-Ledger-Actor header "
            + "(one line, up to 200 characters, UTF-8) is kept apart as onBehalfOf.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content =
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(value = ApiExamples.PROCESS))))
    @PutMapping(path = "/api/v1/process", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ProcessView> put(@RequestBody JsonNode body,
                                 @RequestHeader(value = ON_BEHALF_OF_HEADER, required = false) String onBehalfOf,
                                 @Parameter(hidden = true) Principal principal) {
        return Mono.fromCallable(() -> ProcessView.of(processes.define(SalesProcessParser.parse(body),
                        Actors.of(principal), onBehalfOf(onBehalfOf))))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static String onBehalfOf(String header) throws CommandRejectedException {
        try {
            return OnBehalfOf.fromHeader(header);
        } catch (IllegalArgumentException e) {
            throw new CommandRejectedException(400, ON_BEHALF_OF_HEADER, ON_BEHALF_OF_HEADER + " (whom the caller "
                    + "acts for) must be " + e.getMessage());
        }
    }
}
