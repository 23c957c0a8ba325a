package io.pipelineledger.forecast.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * What a forecast was computed from, so it can be reproduced.
 *
 * @param modelVersion  {@link ForecastModel#VERSION}, or {@link BaselineMethod#VERSION} for the baseline
 * @param asOf          the instant the pipeline was read at: only facts that occurred strictly before it
 * @param eventsUpTo    business time of the latest fact used (null when none)
 * @param modelAsOf     the instant the model learned up to (the same as asOf unless a cached model was applied);
 *                      null for the baseline, which learns nothing
 * @param learnedFrom   start of the learning window (null for the baseline)
 * @param parameters    the settings the method used, by name (the baseline's: {@link BaselineMethod#parameters})
 * @param deals         deals opened before asOf
 * @param facts         facts that occurred before asOf
 * @param selfCheck     for {@link Method#AUTO}: the candidates, their recent errors, the weights, the bias correction,
 *                      the origins and the band's quantiles; null for the other methods
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // absent, not null: the same JSON whatever the mapper
public record Provenance(String modelVersion, Method method, Instant asOf, Instant eventsUpTo, Instant modelAsOf,
                         Instant learnedFrom, Map<String, String> parameters, long deals, long facts,
                         SelfCheckReport selfCheck) {

    /** The same provenance as {@code method}'s, with its self-check. */
    Provenance withSelfCheck(Method method, SelfCheckReport report) {
        return new Provenance(modelVersion, method, asOf, eventsUpTo, modelAsOf, learnedFrom, parameters, deals, facts,
                report);
    }
}
