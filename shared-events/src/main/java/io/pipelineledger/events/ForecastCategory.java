package io.pipelineledger.events;

/** The CRM's forecast category for an open deal. */
public enum ForecastCategory {
    PIPELINE, BEST_CASE, COMMIT, OMITTED
}
