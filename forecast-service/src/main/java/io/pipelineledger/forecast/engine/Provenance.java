package io.pipelineledger.forecast.engine;

import java.time.Instant;
import java.util.Map;

/**
 * What a forecast was computed from, so it can be reproduced.
 *
 * @param modelVersion  {@link ForecastModel#VERSION}
 * @param asOf          the instant the pipeline was read at: only facts that occurred strictly before it
 * @param eventsUpTo    business time of the latest fact used (null when none)
 * @param modelAsOf     the instant the model learned up to (the same as asOf unless a cached model was applied)
 * @param learnedFrom   start of the learning window
 * @param parameters    the settings, by name
 * @param deals         deals opened before asOf
 * @param facts         facts that occurred before asOf
 */
public record Provenance(String modelVersion, Method method, Instant asOf, Instant eventsUpTo, Instant modelAsOf,
                         Instant learnedFrom, Map<String, String> parameters, long deals, long facts) {
}
