package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;

import java.time.Instant;
import java.util.Objects;

/** A forecast of bookings in {@code period}, as the pipeline stood at {@code asOf}, per group, by a method. */
public record ForecastRequest(BusinessPeriod period, Instant asOf, Grouping groupBy, Method method) {

    public ForecastRequest {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(asOf, "asOf");
        groupBy = groupBy == null ? Grouping.ALL : groupBy;
        method = method == null ? Method.LEARNED : method;
    }
}
