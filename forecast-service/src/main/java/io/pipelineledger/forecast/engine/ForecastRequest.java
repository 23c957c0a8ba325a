package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;

import java.time.Instant;
import java.util.Objects;

/**
 * A forecast of bookings in {@code period}, as the pipeline stood at {@code asOf}, per group, by a method, in
 * {@code currency} (an ISO-4217 code; null: the engine's reporting currency).
 */
public record ForecastRequest(BusinessPeriod period, Instant asOf, Grouping groupBy, Method method, String currency) {

    public ForecastRequest {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(asOf, "asOf");
        groupBy = groupBy == null ? Grouping.ALL : groupBy;
        method = method == null ? Method.LEARNED : method;
    }

    /** In the reporting currency. */
    public ForecastRequest(BusinessPeriod period, Instant asOf, Grouping groupBy, Method method) {
        this(period, asOf, groupBy, method, null);
    }
}
