package io.pipelineledger.forecast.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * What an {@link Method#AUTO} forecast rests on, for its provenance (see {@link SelfCheck}, {@link AutoCombination},
 * {@link ConformalBand} for every number).
 *
 * @param granularity      the period length the self-check backtested (QUARTER, MONTH, WEEK)
 * @param origins          the origins used, in time order, with the actual of their period
 * @param candidates       each candidate's recent errors and weight
 * @param combination      the combination's own errors (its weight: 1)
 * @param rawBias          recency-weighted mean log error of the combination at the origins at the ask's point
 * @param biasCorrection   the log correction applied to the part not won (rawBias × n/(n+12), n the origins at the
 *                         ask's point of the period); × e^this
 * @param bandLevelLow     quantile level of the lower residual (0.1 with 8 origins or more)
 * @param bandLevelHigh    ... of the upper residual
 * @param bandLow          the lower residual quantile (log), times the band scale of the ask's point
 *                         ({@link AutoCombination#bandScale})
 * @param bandHigh         the upper residual quantile (log)
 * <p>What the self-check cost (its wall time, the answers not taken from the cache) is not part of it: the same
 * request on the same facts gives the same answer, whatever was cached ({@link SelfCheck.Result} has both).
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // absent, not null: the same JSON whatever the mapper
public record SelfCheckReport(String granularity, List<OriginUsed> origins, List<CandidateError> candidates,
                              CandidateError combination, double rawBias, double biasCorrection,
                              double bandLevelLow, double bandLevelHigh, double bandLow, double bandHigh) {

    /**
     * An origin: its instant, the period it forecast, its point in that period (0: start; {@link SelfCheck#points})
     * and what was won in the period.
     */
    public record OriginUsed(Instant at, String period, int position, double actual) {
    }

    /**
     * @param meanLogError mean of e = log(actual/forecast) over the origins (positive: forecast low)
     * @param maeLog       mean of |e|
     * @param weight       its weight in the combination
     */
    public record CandidateError(String candidate, double meanLogError, double maeLog, double weight) {
    }

    static SelfCheckReport of(SelfCheck.Result r, AutoCombination c, ConformalBand band) {
        List<OriginUsed> origins = new java.util.ArrayList<>();
        for (int o = 0; o < r.originCount(); o++) {
            origins.add(new OriginUsed(r.origins().get(o).at(), r.origins().get(o).period().key(),
                    r.origins().get(o).position(), r.actual()[o]));
        }
        List<CandidateError> candidates = new java.util.ArrayList<>();
        for (int i = 0; i < r.candidates().size(); i++) {
            candidates.add(error(r.candidates().get(i).name(), r.errors()[i], c.weights()[i]));
        }
        return new SelfCheckReport(r.granularity().name(), List.copyOf(origins), List.copyOf(candidates),
                error("auto", c.errors(), 1), c.rawBias(), c.bias(), band.levelLow(), band.levelHigh(), band.low(),
                band.high());
    }

    private static CandidateError error(String name, double[] e, double weight) {
        double mean = 0;
        double mae = 0;
        for (double x : e) {
            mean += x / e.length;
            mae += Math.abs(x) / e.length;
        }
        return new CandidateError(name, e.length == 0 ? Double.NaN : mean, e.length == 0 ? Double.NaN : mae, weight);
    }
}
