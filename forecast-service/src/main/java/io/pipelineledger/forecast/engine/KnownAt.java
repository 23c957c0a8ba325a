package io.pipelineledger.forecast.engine;

import java.time.Instant;

/**
 * The second time axis of a backtest or a self-check: which recorded facts a forecast made as of an origin reads.
 *
 * <ul>
 *   <li>{@link #EACH_ORIGIN} (the default): what the ledger would have said that day — only facts recorded
 *   strictly before the origin, late-arriving facts excluded. For an origin before the ledger recorded its first
 *   fact (a history imported after the fact) there is no such record: every fact counts (hindsight), and
 *   {@link #hindsightAt} says so.</li>
 *   <li>{@link #at(Instant)}: only facts recorded before that instant, for every origin ({@code knownAt=now}:
 *   today's hindsight view).</li>
 * </ul>
 *
 * @param instant null for {@link #EACH_ORIGIN}
 */
public record KnownAt(Instant instant) {

    public static final KnownAt EACH_ORIGIN = new KnownAt(null);

    public static KnownAt at(Instant instant) {
        return new KnownAt(java.util.Objects.requireNonNull(instant, "instant"));
    }

    public boolean eachOrigin() {
        return instant == null;
    }

    /** The facts a forecast as of {@code origin} reads. */
    public DealHistories view(DealHistories deals, Instant origin) {
        if (instant != null) {
            return deals.recordedBefore(instant);
        }
        return hindsightAt(deals, origin) ? deals : deals.recordedBefore(origin);
    }

    /** Whether a forecast as of {@code origin} reads every fact because the ledger had recorded none by then. */
    public boolean hindsightAt(DealHistories deals, Instant origin) {
        if (instant != null) {
            return false;
        }
        Instant first = deals.firstRecordedAt();
        return first == null || !first.isBefore(origin);
    }
}
