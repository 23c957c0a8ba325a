package io.pipelineledger.forecast.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A forecast for a period, one entry per group (in group-key order), with its provenance. */
public record Forecast(String period, Instant periodStart, Instant periodEnd, Grouping groupBy, Method method,
                       Instant asOf, List<GroupForecast> groups, Provenance provenance) {

    public Optional<GroupForecast> group(String key) {
        return groups.stream().filter(g -> g.group().equals(key)).findFirst();
    }
}
