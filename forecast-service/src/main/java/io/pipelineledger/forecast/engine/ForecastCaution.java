package io.pipelineledger.forecast.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.pipelineledger.events.AnswerWarning;

/**
 * A warning about how far a forecast's figures can be trusted (not about a left-out amount): listed in the answer's
 * {@code warnings} next to {@link io.pipelineledger.events.money.UnconvertedAmount}s.
 *
 * @param code    stable: {@value #SHORT_HISTORY}, {@value #REGIME_CHANGE}, {@value #FEW_ORIGINS}, {@value #LUMPY}
 * @param group   the group it is about; null: the whole answer
 * @param message for a person, with the figures behind it
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // absent, not null: the same JSON whatever the mapper
public record ForecastCaution(String code, String group, String message) implements AnswerWarning {

    /** Fewer than two periods of history or fewer than 50 wins before as-of. */
    public static final String SHORT_HISTORY = "SHORT_HISTORY";
    /** The self-check's recent errors are much larger than its older ones. */
    public static final String REGIME_CHANGE = "REGIME_CHANGE";
    /** The band rests on few self-check origins (widened by the documented rule). */
    public static final String FEW_ORIGINS = "FEW_ORIGINS";
    /** A few large deals dominate the group's distribution (expected can lie above P90). */
    public static final String LUMPY = "LUMPY";
}
