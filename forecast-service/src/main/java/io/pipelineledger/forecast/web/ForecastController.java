package io.pipelineledger.forecast.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.pipelineledger.events.Actor;
import io.pipelineledger.events.ForecastSubmittedEvent;
import io.pipelineledger.events.ids.Identifiers;
import io.pipelineledger.events.AnswerWarning;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.security.Actors;
import io.pipelineledger.events.security.OnBehalfOf;
import io.pipelineledger.forecast.api.SubmitForecastCommand;
import io.pipelineledger.forecast.engine.Backtest;
import io.pipelineledger.forecast.engine.Explanation;
import io.pipelineledger.forecast.engine.Forecast;
import io.pipelineledger.forecast.engine.GroupForecast;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.KnownAt;
import io.pipelineledger.forecast.engine.Method;
import io.pipelineledger.forecast.engine.Provenance;
import io.pipelineledger.forecast.forecast.ForecastService;
import io.pipelineledger.forecast.projection.ForecastLedger;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The finance API: the period forecast (JSON, or CSV for {@code Accept: text/csv} or {@code format=csv}), the terms
 * behind one group's number, the backtest, and forecasts submitted to finance. Computations run off the event loop.
 */
@RestController
@RequestMapping("/api/v1/forecast")
public class ForecastController {

    /**
     * A forecast as answered: the engine's, with the grouping and method spelled as the parameters are;
     * {@code knownAt}: only facts recorded before it were read (null: every fact on record).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL) // the same JSON in one process and as a service
    public record ForecastAnswer(String period, Instant periodStart, Instant periodEnd, String groupBy, String method,
                                 Instant asOf, List<GroupForecast> groups, Provenance provenance, String currency,
                                 List<AnswerWarning> warnings, Instant knownAt) {

        static ForecastAnswer of(Forecast f, Instant knownAt) {
            return new ForecastAnswer(f.period(), f.periodStart(), f.periodEnd(), lower(f.groupBy()),
                    lower(f.method()), f.asOf(), f.groups(), f.provenance(), f.currency(), f.warnings(), knownAt);
        }
    }

    /** An explanation as answered: the engine's fields, and {@code knownAt} as in {@link ForecastAnswer}. */
    @JsonInclude(JsonInclude.Include.NON_NULL) // the same JSON in one process and as a service
    public record ExplanationAnswer(@JsonUnwrapped Explanation explanation, Instant knownAt) {
    }

    /**
     * A backtest as answered: the engine's report's fields, and {@code knownAt}: {@value ForecastParameters#EACH_ORIGIN}
     * (each origin's forecast read what was recorded before that origin) or the instant every origin's forecast
     * read the record at (knownAt=now: the instant asked, today's hindsight); {@code hindsightPeriods}: under
     * each-origin, the periods whose origin precedes the ledger's first recorded fact (a history imported after the
     * fact), whose forecast therefore read every fact on record.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL) // the same JSON in one process and as a service
    public record BacktestAnswer(@JsonUnwrapped Backtest.Report report, String knownAt,
                                 List<String> hindsightPeriods) {
    }

    /**
     * A submission as posted: which forecast, by whom, why, and the manager's own number if they override it;
     * {@code currency}: of the numbers recorded and of the override (default the reporting currency).
     */
    public record SubmissionRequest(String submissionId, String period, String groupBy, String group, String method,
                                    String asOf, String submittedBy, String reason,
                                    @JsonDeserialize(using = BoundedDecimalDeserializer.class) BigDecimal override,
                                    String currency) {
    }

    /**
     * {@code submission}: what is recorded; on a retry the stored one (in the read model from the first 201 on; null
     * only while a restarted service has not read back one recorded before).
     */
    public record SubmissionAnswer(boolean recorded, ForecastSubmittedEvent submission) {
    }

    private static final String PERIOD = "a quarter (2026-Q4), a month (2026-11) or an ISO week (2026-W47), "
            + "years 1970 to 9999";
    private static final String GROUP_BY = "rep, team, region or all (default all)";
    private static final String AS_OF = "business time: ISO-8601 instant or date from 1970-01-01, not in the "
            + "future (default now)";
    private static final String METHOD = "auto (default: the candidates weighed by a self-check before as-of; "
            + "provenance.selfCheck shows it), learned, cohort, run_rate or baseline";
    private static final String KNOWN_AT = "recording time: only facts the ledger recorded strictly before it are "
            + "read (\"what did we know on 1 October\"); ISO-8601 instant or date, or now; not in the future "
            + "(default now: every fact on record). Before asOf it means the pipeline as recorded then, aged to "
            + "asOf: a deal with no news recorded since stays where it was last known";
    private static final String BACKTEST_KNOWN_AT = "recording time each origin's forecast reads: each-origin "
            + "(default: only facts recorded before that origin, what the ledger would have said that day; an "
            + "origin before the first recorded fact reads every fact), now (today's hindsight: every fact on "
            + "record), or an ISO-8601 instant or date, not in the future";
    /** On a forecast read at a knownAt: that instant (the CSV has no column for it). */
    static final String KNOWN_AT_HEADER = "X-Ledger-Known-At";
    private static final String CURRENCY = "ISO-4217 code of every figure in the answer (default the reporting "
            + "currency, ledger.reporting-currency); amounts no exchange rate converts are left out and listed in "
            + "warnings";

    /** On a CSV forecast: how many amounts were left out for want of an exchange rate. */
    static final String WARNINGS_HEADER = "X-Ledger-Warnings";
    private static final String GROUP = "one group's key in the groupBy grouping (a rep, team or region id; 404 "
            + "when the forecast has no such group; with groupBy all only 'all')";

    private final ForecastService forecasts;
    private final ForecastLedger ledger;
    private final CommandGateway commands;

    public ForecastController(ForecastService forecasts, ForecastLedger ledger, CommandGateway commands) {
        this.forecasts = forecasts;
        this.ledger = ledger;
        this.commands = commands;
    }

    @Operation(summary = "The period forecast finance pulls", description = "Per group: closedWon, expected, "
            + "P10/P50/P90, commit, bestCase, pipeline, fromOpenDeals, fromNewDeals, openDeals, with provenance "
            + "(docs/FORECAST.md). JSON, or CSV for Accept: text/csv or format=csv. The same asOf gives the same "
            + "numbers. group narrows the answer to one group of the grouping (groupBy).")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = "application/json", examples = @ExampleObject(value = ForecastApiExamples.FORECAST)),
            @Content(mediaType = "text/csv", examples = @ExampleObject(value = ForecastApiExamples.CSV))})
    @ApiResponse(responseCode = "400", description = "a parameter is malformed", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = ForecastApiExamples.PROBLEM)))
    @ApiResponse(responseCode = "404", description = "group names a group not in the forecast (field group)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "503", description = "the forecast's read model is still catching up after a start",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping
    public Mono<ResponseEntity<Object>> forecast(
            @Parameter(description = PERIOD, example = "2026-Q4") @RequestParam(required = false) String period,
            @Parameter(description = GROUP_BY, example = "team") @RequestParam(required = false) String groupBy,
            @Parameter(description = AS_OF, example = "2026-10-01") @RequestParam(required = false) String asOf,
            @Parameter(description = METHOD, example = "auto") @RequestParam(required = false) String method,
            @Parameter(description = CURRENCY, example = "EUR") @RequestParam(required = false) String currency,
            @Parameter(description = GROUP, example = "team-emea-1") @RequestParam(required = false) String group,
            @Parameter(description = KNOWN_AT, example = "2026-10-01") @RequestParam(required = false) String knownAt,
                                                 @RequestParam(required = false) String format,
                                                 @RequestHeader(value = "Accept", required = false) String accept) {
        boolean csv = "csv".equalsIgnoreCase(format) || (accept != null && accept.contains("text/csv"));
        return offLoop(() -> {
            Grouping grouping = ForecastParameters.groupBy(groupBy);
            String key = group == null || group.isBlank() ? null : ForecastParameters.group(grouping, group);
            Instant known = ForecastParameters.knownAt(knownAt, forecasts.now());
            Forecast forecast = forecasts.forecast(ForecastParameters.period("period", period),
                    ForecastParameters.asOf(asOf, forecasts.now()), known, grouping,
                    ForecastParameters.method(method), ForecastParameters.currency(currency));
            if (key != null) { // one group, and 404 for one not in the forecast, as /explain answers
                forecast = OneGroup.of(forecast, key).orElseThrow(() -> notInForecast(grouping, key));
            }
            if (csv) {
                // the warnings do not fit the CSV's rows: their count in a header (the JSON answer lists them)
                ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
                if (known != null) {
                    ok.header(KNOWN_AT_HEADER, known.toString());
                }
                return ok.contentType(new MediaType("text", "csv"))
                        .header(WARNINGS_HEADER, String.valueOf(forecast.warnings().size()))
                        .header("Content-Disposition", "attachment; filename=\"forecast-" + forecast.period() + "-"
                                + lower(forecast.groupBy()) + ".csv\"")
                        .body(ForecastCsv.write(forecast));
            }
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ForecastAnswer.of(forecast, known));
        });
    }

    @Operation(summary = "The deals and terms behind one group's number", description = "Deals won in the period "
            + "and every open deal (stage, amount, win probability eventually and inside the period, contribution, "
            + "category), each rep's new-deal term, the won-amount ratio. A deal won in the period counts as "
            + "closing in it (closesInPeriod true, its won amount, no category). 404 for a group not in the "
            + "forecast; 400 for a group other than 'all' without groupBy.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = ForecastApiExamples.EXPLAIN)))
    @ApiResponse(responseCode = "400", description = "a parameter is malformed", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = ForecastApiExamples.PROBLEM)))
    @ApiResponse(responseCode = "503", description = "the forecast's read model is still catching up after a start",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/explain")
    public Mono<ExplanationAnswer> explain(
            @Parameter(description = PERIOD, example = "2026-Q4") @RequestParam(required = false) String period,
            @Parameter(description = GROUP_BY, example = "team") @RequestParam(required = false) String groupBy,
            @Parameter(description = GROUP, example = "team-emea-1") @RequestParam(required = false)
            String group,
            @Parameter(description = AS_OF, example = "2026-10-01") @RequestParam(required = false) String asOf,
            @Parameter(description = METHOD, example = "auto") @RequestParam(required = false) String method,
            @Parameter(description = CURRENCY, example = "EUR") @RequestParam(required = false) String currency,
            @Parameter(description = KNOWN_AT, example = "2026-10-01") @RequestParam(required = false)
            String knownAt) {
        return offLoop(() -> {
            Grouping grouping = ForecastParameters.groupBy(groupBy);
            String key = ForecastParameters.group(grouping, group);
            Instant known = ForecastParameters.knownAt(knownAt, forecasts.now());
            Explanation explanation = forecasts.explain(ForecastParameters.period("period", period),
                            ForecastParameters.asOf(asOf, forecasts.now()), known, grouping,
                            ForecastParameters.method(method), key, ForecastParameters.currency(currency))
                    .orElseThrow(() -> notInForecast(grouping, key));
            return new ExplanationAnswer(explanation, known);
        });
    }

    private static BadForecastRequestException notInForecast(Grouping grouping, String key) {
        return new BadForecastRequestException(404, "group", "no " + lower(grouping) + " '" + key
                + "' in this forecast");
    }

    @Operation(summary = "Backtest: each past period forecast as of its start against what was won", description =
            "Per period and method: forecast, P10/P50/P90, actual, accuracy, covered, complete; overall and per "
            + "period: accuracy, MAPE, WMAPE, bias, P10–P90 coverage. A row of a period not over yet (the current "
            + "one) has complete=false: its actual is what was won so far, and it is in no summary (the period is "
            + "listed in incompletePeriods, with no perPeriod entry). points=thirds also forecasts each period as of "
            + "one third and two thirds into it, points=weekly (quarters) as of every week (week-1 … week-13): each "
            + "row names its point and asOf; byPoint summarises each method and point over the complete periods "
            + "(accuracy = 1 - WMAPE, bias, P10–P90 coverage); perPeriod and overall stay the start's.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = ForecastApiExamples.BACKTEST)))
    @ApiResponse(responseCode = "400", description = "a parameter is malformed", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = ForecastApiExamples.PROBLEM)))
    @ApiResponse(responseCode = "503", description = "the forecast's read model is still catching up after a start",
            content = @Content(mediaType = "application/problem+json"))
    @GetMapping("/backtest")
    public Mono<BacktestAnswer> backtest(
            @Parameter(description = "first period", example = "2025-Q1") @RequestParam(required = false) String from,
            @Parameter(description = "last period (started already)", example = "2026-Q3") @RequestParam(required = false)
            String to,
            @Parameter(description = GROUP_BY, example = "all") @RequestParam(required = false) String groupBy,
            @Parameter(description = "learned, baseline, cohort, run_rate or auto (default learned and baseline: auto self-checks at every origin, ask for it by name)") @RequestParam(required = false)
            String method,
            @Parameter(description = CURRENCY, example = "EUR") @RequestParam(required = false) String currency,
            @Parameter(description = BACKTEST_KNOWN_AT, example = "each-origin") @RequestParam(required = false)
            String knownAt,
            @Parameter(description = PointsParameter.DESCRIPTION, example = "start") @RequestParam(required = false)
            String points) {
        return offLoop(() -> {
            BusinessPeriod first = ForecastParameters.period("from", from);
            BusinessPeriod last = ForecastParameters.period("to", to);
            ForecastParameters.backtestRange(first, last, forecasts.now());
            KnownAt known = ForecastParameters.backtestKnownAt(knownAt, forecasts.now());
            Backtest.Report report = forecasts.backtest(first, last, ForecastParameters.groupBy(groupBy),
                    ForecastParameters.methods(method), ForecastParameters.currency(currency), known,
                    PointsParameter.of(points, first));
            // null: now, the instant the report was asked at (its knownAsOf)
            String echo = known == null ? report.knownAsOf().toString()
                    : known.eachOrigin() ? ForecastParameters.EACH_ORIGIN : known.instant().toString();
            List<String> hindsight = new java.util.ArrayList<>();
            if (known != null && known.eachOrigin()) {
                var deals = ledger.view().deals();
                for (BusinessPeriod p = first; !p.start().isAfter(last.start()); p = p.next()) {
                    if (known.hindsightAt(deals, p.start())) {
                        hindsight.add(p.key());
                    }
                }
            }
            return new BacktestAnswer(report, echo, List.copyOf(hindsight));
        });
    }

    /**
     * Records a forecast as submitted to finance: the ledger's numbers for the group (computed now, as of the given
     * instant) and the manager's override, if any. The same submissionId again records nothing more (200).
     */
    @Operation(summary = "Submit a forecast (or a manager's override) to finance", description = "Recorded as an "
            + "immutable ForecastSubmitted event with the ledger's numbers for the group, who, when and why. "
            + "201 when recorded; the same submissionId again records nothing more (200).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    examples = @ExampleObject(value = ForecastApiExamples.SUBMISSION))))
    @ApiResponse(responseCode = "201", content = @Content(examples = @ExampleObject(value = ForecastApiExamples.SUBMITTED)))
    @ApiResponse(responseCode = "400", description = "a parameter is malformed", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = ForecastApiExamples.PROBLEM)))
    @ApiResponse(responseCode = "503", description = "the forecast's read model is still catching up after a start",
            content = @Content(mediaType = "application/problem+json"))
    @PostMapping(path = "/submissions", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<SubmissionAnswer>> submit(@RequestBody SubmissionRequest request,
                                                         @Parameter(hidden = true) Principal principal) {
        return offLoop(() -> {
            checkOnBehalfOf(request);
            ForecastSubmittedEvent event = submission(request, Actors.of(principal));
            // the aggregate's id has a prefix of its own: a submission id may equal an opportunity id
            Boolean recorded = commands.sendAndWait(new SubmitForecastCommand(event.eventId(), event));
            if (Boolean.TRUE.equals(recorded)) {
                // in the read model before the 201, so a GET right after lists it (the projection adds it once)
                ledger.recordedHere(event);
                // no resource of its own: the list narrowed to its period finds it
                return ResponseEntity.created(java.net.URI.create("/api/v1/forecast/submissions?period="
                        + event.period())).body(new SubmissionAnswer(true, event));
            }
            // a retry: answer what was recorded (once the forecast's read model has it), not a new computation
            ForecastSubmittedEvent stored = ledger.submissions().stream()
                    .filter(s -> s.submissionId().equals(event.submissionId())).findFirst().orElse(null);
            return ResponseEntity.ok(new SubmissionAnswer(false, stored));
        });
    }

    /** The submissions recorded, oldest first; {@code period} narrows them to one period. */
    @Operation(summary = "The forecasts submitted to finance", description = "Oldest first; period narrows them.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(
            value = "[" + ForecastApiExamples.SUBMITTED + "]")))
    @GetMapping("/submissions")
    public Mono<List<ForecastSubmittedEvent>> submissions(
            @Parameter(description = PERIOD, example = "2026-Q4") @RequestParam(required = false) String period) {
        return offLoop(() -> {
            if (period != null && !period.isBlank()) {
                String key = ForecastParameters.period("period", period).key();
                return ledger.submissions().stream().filter(s -> s.period().equals(key)).toList();
            }
            return ledger.submissions();
        });
    }

    /** submittedBy is whom the client says the submission is for: one line of text, kept next to the actor. */
    private static void checkOnBehalfOf(SubmissionRequest request) {
        try {
            OnBehalfOf.check(request == null ? null : request.submittedBy());
        } catch (IllegalArgumentException e) {
            throw new BadForecastRequestException(400, "submittedBy", "submittedBy must be " + e.getMessage());
        }
    }

    /** {@code actor}: who was authenticated; the body's submittedBy is only whom the client says it is for. */
    private ForecastSubmittedEvent submission(SubmissionRequest request, Actor actor) {
        if (request == null) {
            throw new BadForecastRequestException(400, "body", "a submission is required");
        }
        String id = request.submissionId() == null ? UUID.randomUUID().toString() : request.submissionId();
        if (!Identifiers.isValid(id)) {
            throw new BadForecastRequestException(400, "submissionId",
                    "submissionId must be 1-128 characters from [A-Za-z0-9._:-]");
        }
        if (request.submittedBy() == null || request.submittedBy().isBlank() || request.submittedBy().length() > 200) {
            throw new BadForecastRequestException(400, "submittedBy", "submittedBy is required (up to 200 characters)");
        }
        checkText("submittedBy", request.submittedBy(), false);
        if (request.reason() != null && request.reason().length() > 2_000) {
            throw new BadForecastRequestException(400, "reason", "reason is limited to 2,000 characters");
        }
        if (request.reason() != null) {
            checkText("reason", request.reason(), true);
        }
        if (request.override() != null) {
            if (!SubmissionChecks.overrideAcceptable(request.override())) {
                throw new BadForecastRequestException(400, "override", "override must be an amount of at least 0 "
                        + "and below 10^15, with at most " + SubmissionChecks.MAX_DECIMALS + " decimals");
            }
            if (request.reason() == null || request.reason().isBlank()) {
                throw new BadForecastRequestException(400, "reason", "an override needs a reason");
            }
        }
        BusinessPeriod period = ForecastParameters.period("period", request.period());
        Grouping grouping = ForecastParameters.groupBy(request.groupBy());
        Method method = ForecastParameters.method(request.method());
        String group = ForecastParameters.group(grouping, request.group());
        String currency = submissionCurrency(request.currency());
        Instant now = forecasts.now();
        Forecast forecast = forecasts.forecast(period, ForecastParameters.asOf(request.asOf(), now), grouping, method,
                currency);
        GroupForecast numbers = forecast.group(group).orElseThrow(() -> new BadForecastRequestException(400, "group",
                "no " + lower(grouping) + " '" + group + "' in the forecast of " + period.key()));
        return new ForecastSubmittedEvent("submission:" + id, id, now, period.key(), lower(grouping), group,
                lower(method), forecast.asOf(), request.submittedBy().trim(), request.reason(), request.override(),
                numbers.closedWon(), numbers.expected(), numbers.p10(), numbers.p50(), numbers.p90(),
                numbers.commit(), numbers.bestCase(), numbers.pipeline(), forecast.provenance().modelVersion(),
                forecast.provenance().eventsUpTo(), actor, forecast.currency());
    }

    /** The body's currency, checked as the query parameter is (blank too: it names no currency). */
    private static String submissionCurrency(String text) {
        if (text != null && text.isBlank()) {
            throw new BadForecastRequestException(400, "currency", "currency must be an ISO-4217 currency code "
                    + "such as EUR, or left out for the reporting currency");
        }
        return ForecastParameters.currency(text);
    }

    private static void checkText(String field, String text, boolean multiline) {
        String problem = SubmissionChecks.textProblem(text, multiline);
        if (problem != null) {
            throw new BadForecastRequestException(400, field, field + " " + problem);
        }
    }

    /** Runs off the event loop, once the forecast's read model has caught up (503 until then). */
    private <T> Mono<T> offLoop(Callable<T> work) {
        return Mono.fromCallable(() -> {
            if (!forecasts.ready()) {
                throw new BadForecastRequestException(503, null, "the forecast's read model is still reading the "
                        + "event stream after a start; try again shortly");
            }
            return work.call();
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
