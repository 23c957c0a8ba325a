package io.pipelineledger.forecast.web;

import io.pipelineledger.forecast.engine.Forecast;

import java.util.List;
import java.util.Optional;

/** A forecast narrowed to one of its groups ({@code group=}): the same numbers and provenance, one entry. */
final class OneGroup {

    private OneGroup() {
    }

    /** Empty when the forecast has no such group. */
    static Optional<Forecast> of(Forecast forecast, String key) {
        return forecast.group(key).map(g -> new Forecast(forecast.period(), forecast.periodStart(),
                forecast.periodEnd(), forecast.groupBy(), forecast.method(), forecast.asOf(), List.of(g),
                forecast.provenance(), forecast.currency(), forecast.warnings()));
    }
}
