package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.AnswerWarning;
import io.pipelineledger.events.money.UnconvertedAmount;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A forecast for a period, one entry per group (in group-key order), with its provenance. Every figure is in
 * {@code currency}; {@code warnings} lists the amounts left out because no rate converted them
 * ({@link io.pipelineledger.events.money.UnconvertedAmount}) and what limits trust in the figures
 * ({@link ForecastCaution}); none: empty.
 */
public record Forecast(String period, Instant periodStart, Instant periodEnd, Grouping groupBy, Method method,
                       Instant asOf, List<GroupForecast> groups, Provenance provenance, String currency,
                       List<AnswerWarning> warnings) {

    public Optional<GroupForecast> group(String key) {
        return groups.stream().filter(g -> g.group().equals(key)).findFirst();
    }

    /** The amounts left out (the warnings that are {@link UnconvertedAmount}s). */
    public List<UnconvertedAmount> unconverted() {
        return warnings.stream().filter(UnconvertedAmount.class::isInstance).map(UnconvertedAmount.class::cast)
                .toList();
    }
}
