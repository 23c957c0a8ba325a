package io.pipelineledger.forecast.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the engine learned as of one instant, ready to answer any period, grouping, method and currency of
 * that as-of without reading a fact again: what a service computes in the background and keeps. Immutable and
 * thread-safe (what is computed on first use is kept).
 */
public final class PreparedForecast {

    private final ForecastEngine engine;
    private final DealHistories deals;
    private final Instant asOf;
    private final ForecastModel model;
    private final DealStates states;
    /** Cohort yields by window length in seconds, learned on first use. */
    private final ConcurrentHashMap<Long, CohortYield> cohorts = new ConcurrentHashMap<>();

    private PreparedForecast(ForecastEngine engine, DealHistories deals, Instant asOf, ForecastModel model,
                             DealStates states) {
        this.engine = engine;
        this.deals = deals;
        this.asOf = asOf;
        this.model = model;
        this.states = states;
    }

    /** Learns as of {@code asOf} from {@code deals} (the heavy part: every fact read). */
    static PreparedForecast prepare(ForecastEngine engine, DealHistories deals, Instant asOf) {
        return new PreparedForecast(engine, deals, asOf, engine.learn(deals, asOf), engine.states(deals, asOf));
    }

    /** The forecast of the request (its as-of must be this one's). */
    public Forecast forecast(ForecastRequest request) {
        check(request);
        if (request.method() == Method.COHORT) {
            return engine.forecast(request, cohort(request), states);
        }
        return engine.forecast(request, model, states);
    }

    /** The terms behind one group's number (its as-of must be this one's). */
    public Explanation explain(ForecastRequest request, String group) {
        check(request);
        if (request.method() == Method.COHORT) {
            return engine.explain(request, group, cohort(request), states);
        }
        return engine.explain(request, group, model, states);
    }

    /** The cohort yields for the request's window length (the period after as-of), learned once and kept. */
    public CohortYield cohort(ForecastRequest request) {
        check(request);
        return cohorts.computeIfAbsent(CohortYield.windowSeconds(request.period(), asOf),
                seconds -> engine.learnCohort(deals, states, asOf, seconds));
    }

    private void check(ForecastRequest request) {
        if (!Objects.equals(request.asOf(), asOf)) {
            throw new IllegalArgumentException("prepared as of " + asOf + ", asked as of " + request.asOf());
        }
    }

    public ForecastEngine engine() {
        return engine;
    }

    /** The histories it learned from (after any knownAt cut). */
    public DealHistories deals() {
        return deals;
    }

    public Instant asOf() {
        return asOf;
    }

    public ForecastModel model() {
        return model;
    }

    public DealStates states() {
        return states;
    }
}
