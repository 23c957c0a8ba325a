package io.pipelineledger.forecast.engine;

/** What a {@link DealFact} says. The forecast needs only these; milestones and process versions are not read. */
public enum FactKind {
    /** Opened in {@code stage} by {@code owner} at {@code amount}, expected to close on {@code day} (or none). */
    OPENED,
    /** Moved to {@code stage} (forward, backward or skipping). */
    STAGE,
    /** Amount revised to {@code amount}. */
    AMOUNT,
    /** Expected close date revised to {@code day}. */
    CLOSE_DATE,
    /** Reassigned to {@code owner}. */
    OWNER,
    /** The CRM set the forecast category ({@code code} = ordinal of {@link io.pipelineledger.events.ForecastCategory}). */
    CATEGORY,
    /** Won at {@code amount} (the final value; NaN when the CRM gave none: the current amount). */
    WON,
    /** Lost. */
    LOST,
    /** Open again, in {@code stage}. */
    REOPENED;

    private static final FactKind[] VALUES = values();

    static FactKind of(int ordinal) {
        return VALUES[ordinal];
    }
}
