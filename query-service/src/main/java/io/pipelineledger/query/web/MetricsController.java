package io.pipelineledger.query.web;

import io.pipelineledger.query.api.FindConversionQuery;
import io.pipelineledger.query.api.FindMaturityQuery;
import io.pipelineledger.query.api.FindPipelineQuery;
import io.pipelineledger.query.api.FindScorecardQuery;
import io.pipelineledger.query.api.FindWinRatesQuery;
import io.pipelineledger.query.api.Views;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The stage metrics sales leaders manage by, as of any business time: conversion per rep, team or region, rep
 * scorecards, win rates, the open pipeline, process maturity. Definitions: docs/METRICS.md.
 */
@RestController
public class MetricsController {

    private static final String AS_OF = "Business time the answer stands at: ISO-8601 instant or date (its start, "
            + "UTC), from 1970-01-01 to 9999-12-31; only facts that occurred before it count. Default: now.";
    private static final String GROUP_BY = "rep, team, region or all (default all)";
    private static final String CURRENCY = "ISO-4217 currency of the amounts (default ledger.reporting-currency). "
            + "An amount whose currency has no exchange rate to it on its date is left out and listed in warnings.";
    private static final String FORMAT = "csv for CSV (as Accept: text/csv does); JSON otherwise";

    private final QueryGateway queries;
    private final Clock clock;

    public MetricsController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @Operation(summary = "Stage conversion per group", description = "Per group and stage: entered, advanced, won, "
            + "lost, open, conversion to the next stage, win rate, median and p90 days in stage; cycle time of won "
            + "deals. from/to bound the time a stage was entered (a date 'to' includes that day); interval splits "
            + "by week, month or quarter of entry.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = QueryApiExamples.CONVERSION)))
    @ApiResponse(responseCode = "400", description = "a parameter is malformed", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = QueryApiExamples.PROBLEM)))
    @GetMapping(path = "/api/v1/conversion", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Views.ConversionView> conversion(
            @Parameter(description = GROUP_BY, example = "rep") @RequestParam(required = false) String groupBy,
            @Parameter(description = "Entered at or after (instant or date)") @RequestParam(required = false) String from,
            @Parameter(description = "Entered before (instant; a date includes the day)") @RequestParam(required = false) String to,
            @Parameter(description = AS_OF, example = "2026-10-01") @RequestParam(required = false) String asOf,
            @Parameter(description = "week, month or quarter") @RequestParam(required = false) String interval) {
        return answer(() -> {
            Instant start = QueryParameters.instant("from", from, null);
            Instant end = QueryParameters.end("to", to);
            QueryParameters.window(start, end);
            return queries.query(new FindConversionQuery(QueryParameters.groupBy(groupBy), start, end, asOf(asOf),
                    QueryParameters.interval(interval)), Views.ConversionView.class);
        });
    }

    @Operation(summary = "A rep's scorecard against the team", description = "Per stage conversion and win rate, raw "
            + "and shrunk toward the team (empirical Bayes), skip rate, backward moves, exit-criteria adherence, "
            + "cycle time. 404 when the rep had no stage visits by asOf.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = QueryApiExamples.SCORECARD)))
    @ApiResponse(responseCode = "400", description = "a parameter is malformed", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = QueryApiExamples.PROBLEM)))
    @GetMapping(path = "/api/v1/reps/{repId}/scorecard", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Views.ScorecardView> scorecard(@PathVariable String repId,
                                               @Parameter(description = AS_OF, example = "2026-10-01") @RequestParam(required = false) String asOf) {
        return answer(() -> {
            FindScorecardQuery query = new FindScorecardQuery(repId, asOf(asOf));
            return queries.query(query, ResponseTypes.optionalInstanceOf(Views.ScorecardView.class))
                    .thenApply(card -> card.orElseThrow(() -> new BadQueryException(404, "repId",
                            "rep " + repId + " has no stage visits as of " + query.asOf())));
        });
    }

    @Operation(summary = "Win rates over closed deals", description = "won, lost, won ÷ (won + lost) and the amount "
            + "won per group, each deal counted for its owner when it closed; each won amount converted to currency "
            + "at its win's date (UTC). JSON, or CSV for Accept: text/csv or format=csv.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = "application/json", examples = @ExampleObject(value = QueryApiExamples.WIN_RATES)),
            @Content(mediaType = "text/csv", examples = @ExampleObject(value = QueryApiExamples.WIN_RATES_CSV))})
    @ApiResponse(responseCode = "400", description = "a parameter is malformed", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = QueryApiExamples.PROBLEM)))
    @GetMapping(path = "/api/v1/winrates")
    public Mono<ResponseEntity<Object>> winRates(
            @Parameter(description = GROUP_BY, example = "rep") @RequestParam(required = false) String groupBy,
            @Parameter(description = AS_OF, example = "2026-10-01") @RequestParam(required = false) String asOf,
            @Parameter(description = CURRENCY, example = "EUR") @RequestParam(required = false) String currency,
            @Parameter(description = FORMAT, example = "csv") @RequestParam(required = false) String format,
            @RequestHeader(value = "Accept", required = false) String accept) {
        boolean csv = csv(format, accept);
        return answer(() -> queries.query(new FindWinRatesQuery(QueryParameters.groupBy(groupBy), asOf(asOf),
                        QueryParameters.currency(currency)), Views.WinRatesView.class))
                .map(view -> csv ? csv("winrates-" + view.groupBy(), QueryCsv.winRates(view), view.warnings().size())
                        : json(view));
    }

    @Operation(summary = "The open pipeline by stage", description = "Open deals per group and stage: count and "
            + "amount, the amounts converted to currency at the asOf date. JSON, or CSV for Accept: text/csv or "
            + "format=csv.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = "application/json", examples = @ExampleObject(value = QueryApiExamples.PIPELINE)),
            @Content(mediaType = "text/csv", examples = @ExampleObject(value = QueryApiExamples.PIPELINE_CSV))})
    @ApiResponse(responseCode = "400", description = "a parameter is malformed", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = QueryApiExamples.PROBLEM)))
    @GetMapping(path = "/api/v1/pipeline")
    public Mono<ResponseEntity<Object>> pipeline(
            @Parameter(description = GROUP_BY, example = "rep") @RequestParam(required = false) String groupBy,
            @Parameter(description = AS_OF, example = "2026-10-01") @RequestParam(required = false) String asOf,
            @Parameter(description = CURRENCY, example = "EUR") @RequestParam(required = false) String currency,
            @Parameter(description = FORMAT, example = "csv") @RequestParam(required = false) String format,
            @RequestHeader(value = "Accept", required = false) String accept) {
        boolean csv = csv(format, accept);
        return answer(() -> queries.query(new FindPipelineQuery(QueryParameters.groupBy(groupBy), asOf(asOf),
                        QueryParameters.currency(currency)), Views.PipelineView.class))
                .map(view -> csv ? csv("pipeline-" + view.groupBy(), QueryCsv.pipeline(view), view.warnings().size())
                        : json(view));
    }

    @Operation(summary = "Process maturity level 1–4", description = "Anarchy & luck, hope & intention, controls & "
            + "errors, dynamic process: decided from measured adherence, skip rate, spread of win rates across reps "
            + "and reps following the process; lists every threshold with the measured value.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = QueryApiExamples.MATURITY)))
    @ApiResponse(responseCode = "400", description = "a parameter is malformed", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = QueryApiExamples.PROBLEM)))
    @GetMapping(path = "/api/v1/maturity", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Views.MaturityView> maturity(@Parameter(description = AS_OF, example = "2026-10-01") @RequestParam(required = false) String asOf) {
        return answer(() -> queries.query(new FindMaturityQuery(asOf(asOf)), Views.MaturityView.class));
    }

    private static boolean csv(String format, String accept) {
        return "csv".equalsIgnoreCase(format) || (accept != null && accept.contains("text/csv"));
    }

    private static ResponseEntity<Object> csv(String name, String body, int unconverted) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv"))
                .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
                .header(QueryCsv.UNCONVERTED, String.valueOf(unconverted))
                .body(body);
    }

    private static ResponseEntity<Object> json(Object view) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(view);
    }

    private Instant asOf(String text) {
        return QueryParameters.instant("asOf", text, clock.instant());
    }

    /** Parameters are checked and the figures computed off the HTTP threads; a bad parameter is a 400. */
    private static <T> Mono<T> answer(Supplier<CompletableFuture<T>> query) {
        return Mono.defer(() -> Mono.fromFuture(query.get())).subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(java.util.concurrent.CompletionException.class,
                        e -> e.getCause() != null ? e.getCause() : e);
    }
}
