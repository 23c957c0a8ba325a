package io.pipelineledger.forecast.engine;

/** How open deals are weighted. */
public enum Method {
    /**
     * The engine's model: win probabilities learned from stage-transition history (a Markov chain per rep, shrunk
     * toward team and company), timed with censored time-in-stage distributions, plus deals not opened yet.
     */
    LEARNED,
    /**
     * What a classic CRM does: each open deal whose expected close date falls in the period, weighted by its
     * current stage's fixed {@code probability} from the sales process; no deals not opened yet.
     */
    BASELINE
}
