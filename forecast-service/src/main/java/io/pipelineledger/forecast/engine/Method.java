package io.pipelineledger.forecast.engine;

/** How a forecast is made (query parameter {@code method}, lower case). */
public enum Method {
    /**
     * The engine's model: win probabilities learned from stage-transition history (a Markov chain per rep, shrunk
     * toward team and company), timed with censored time-in-stage distributions, plus deals not opened yet; every
     * quantity learned with recency weights (half-life {@link ForecastSettings#halfLifeDays()}).
     */
    LEARNED,
    /**
     * What a classic CRM does: each open deal whose expected close date falls in the period, weighted by its
     * current stage's fixed {@code probability} from the sales process; no deals not opened yet.
     */
    BASELINE,
    /**
     * Cohort yield: from recent windows as long as the period, the share of open pipeline value at a window's start
     * (by stage and age in stage) won inside it, and the in-window creation-and-win yield of new pipeline, times
     * the creation expected in the period. Needs no expected close dates.
     */
    COHORT,
    /** Run-rate: bookings per day over the recent past, times the days left in the period, plus what is won. */
    RUN_RATE,
    /**
     * The default: the candidates (learned at a few half-lives, cohort, run-rate) combined with weights from their
     * errors in a rolling-origin self-check before as-of, with a shrunk bias correction and bands from the
     * self-check's errors.
     */
    AUTO
}
