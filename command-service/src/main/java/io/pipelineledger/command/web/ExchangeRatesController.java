package io.pipelineledger.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.rates.ExchangeRateParser;
import io.pipelineledger.command.rates.ExchangeRateService;
import io.pipelineledger.command.rates.RecordedRate;
import io.pipelineledger.events.Actor;
import io.pipelineledger.events.money.ExchangeRate;
import io.pipelineledger.events.money.ExchangeRates;
import io.pipelineledger.events.period.BusinessTime;
import io.pipelineledger.events.security.Actors;
import io.pipelineledger.events.security.OnBehalfOf;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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

import java.math.BigDecimal;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Dated exchange rates to the reporting currency: set them (recorded as events), list them as of any date. */
@RestController
public class ExchangeRatesController {

    /** A rate on record; {@code setBy}/{@code actor}: who set it as authenticated, {@code onBehalfOf}: for whom. */
    public record RateView(String currency, LocalDate validFrom, BigDecimal rate, String quoteCurrency,
                           String eventId, Instant recordedAt, String setBy, Actor actor, String onBehalfOf) {

        static RateView of(RecordedRate r) {
            return new RateView(r.rate().currency(), r.rate().validFrom(), r.rate().rate(),
                    r.rate().quoteCurrency(), r.eventId(), r.recordedAt(), r.actor() == null ? null
                    : r.actor().label(), r.actor(), r.onBehalfOf());
        }
    }

    /** {@code asOf}: the date asked for (absent: every rate on record). */
    public record RatesView(String reportingCurrency, LocalDate asOf, List<RateView> rates) {
    }

    /** What a PUT recorded (the rates new or changed), how many were already on record, and the table after it. */
    public record SetRatesView(String reportingCurrency, List<ExchangeRate> recorded, int unchanged,
                               List<RateView> rates) {
    }

    private final ExchangeRateService rates;

    public ExchangeRatesController(ExchangeRateService rates) {
        this.rates = rates;
    }

    @Operation(summary = "Exchange rates", description = "Every rate on record (a correction replaces what it "
            + "corrects), or with asOf (ISO-8601 date or instant, its UTC date) the rate of each currency in force "
            + "that day. A rate is in force from its validFrom until the currency's next one.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = ApiExamples.RATES_VIEW)))
    @GetMapping(path = "/api/v1/exchange-rates", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<RatesView> get(@Parameter(description = "business date or instant; default: every rate",
            example = "2026-03-31") @RequestParam(required = false) String asOf) {
        return Mono.fromCallable(() -> {
            if (asOf == null) {
                return new RatesView(rates.reportingCurrency(), null, views(rates.all()));
            }
            LocalDate on = ExchangeRates.dateOf(asOf(asOf));
            return new RatesView(rates.reportingCurrency(), on, views(rates.inForce(on)));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Operation(summary = "Set exchange rates", description = "A JSON array of {currency, validFrom, rate}: from "
            + "validFrom (ISO date, UTC) one unit of currency (ISO-4217, not the reporting currency) is worth rate "
            + "(a number or a decimal string, > 0, at most 40 characters) units of the reporting currency "
            + "(ledger.reporting-currency). At most 10,000 entries; errors name the entry as rates[i]. All or "
            + "nothing: one bad entry records none. A rate equal to the one on record for its currency and date is "
            + "not recorded again (a re-PUT is harmless); a different one corrects it, and the earlier stays in the "
            + "store. The caller's key (or token subject) is recorded as actor; an X-Ledger-Actor header as "
            + "onBehalfOf.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content =
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(value = ApiExamples.RATES))))
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = ApiExamples.RATES_SET)))
    @ApiResponse(responseCode = "400", content = @Content(mediaType = "application/problem+json",
            examples = @ExampleObject(value = ApiExamples.PROBLEM_RATE)))
    @PutMapping(path = "/api/v1/exchange-rates", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<SetRatesView> put(@RequestBody JsonNode body,
                                  @RequestHeader(value = ProcessController.ON_BEHALF_OF_HEADER, required = false)
                                  String onBehalfOf,
                                  @Parameter(hidden = true) Principal principal) {
        return Mono.fromCallable(() -> {
            List<ExchangeRate> asked = ExchangeRateParser.parse(body, rates.reportingCurrency());
            List<ExchangeRate> recorded = rates.set(asked, Actors.of(principal), onBehalfOf(onBehalfOf));
            return new SetRatesView(rates.reportingCurrency(), recorded, distinct(asked) - recorded.size(),
                    views(rates.all()));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static int distinct(List<ExchangeRate> asked) {
        return (int) asked.stream().map(r -> r.currency() + ":" + r.validFrom()).distinct().count();
    }

    private static List<RateView> views(List<RecordedRate> recorded) {
        return recorded.stream().map(RateView::of).toList();
    }

    private static Instant asOf(String text) throws CommandRejectedException {
        Instant at = BusinessTime.parse(text).orElseThrow(() -> new CommandRejectedException(400, "asOf",
                "asOf must be an ISO-8601 date or instant, such as 2026-03-31 or 2026-03-31T12:00:00Z"));
        if (!BusinessTime.supported(at)) {
            throw new CommandRejectedException(400, "asOf", "asOf must be " + BusinessTime.RANGE);
        }
        return at;
    }

    private static String onBehalfOf(String header) throws CommandRejectedException {
        try {
            return OnBehalfOf.fromHeader(header);
        } catch (IllegalArgumentException e) {
            throw new CommandRejectedException(400, ProcessController.ON_BEHALF_OF_HEADER,
                    ProcessController.ON_BEHALF_OF_HEADER + " (whom the caller acts for) must be " + e.getMessage());
        }
    }
}
