package io.pipelineledger.forecast.engine;

import java.time.Instant;

/**
 * The facts of one opportunity in business-time order (facts at the same instant keep the order they were
 * delivered in). Packed into parallel arrays: a ledger of ~300k deals and ~3M facts fits in about 100 MB.
 * Immutable; read it through {@link #fact(int)} or the package-private accessors the engine's scans use.
 */
public final class DealHistory {

    private final String opportunityId;
    private final int currency;     // a code of DealHistories#currency, -1: none named
    private final long[] at;        // epoch nanoseconds (covers 1677..2262)
    private final byte[] kind;
    private final int[] stage;
    private final int[] owner;
    private final long[] day;
    private final double[] amount;

    DealHistory(String opportunityId, int currency, long[] at, byte[] kind, int[] stage, int[] owner, long[] day,
                double[] amount) {
        this.opportunityId = opportunityId;
        this.currency = currency;
        this.at = at;
        this.kind = kind;
        this.stage = stage;
        this.owner = owner;
        this.day = day;
        this.amount = amount;
    }

    /** The same facts under another opportunity id (shares the arrays; for building large test ledgers). */
    public DealHistory renamed(String newOpportunityId) {
        return new DealHistory(newOpportunityId, currency, at, kind, stage, owner, day, amount);
    }

    public String opportunityId() {
        return opportunityId;
    }

    /** The code of the currency the deal's amounts are in ({@link DealHistories#currency(int)}); -1 for none. */
    public int currency() {
        return currency;
    }

    public int size() {
        return at.length;
    }

    public DealFact fact(int i) {
        return new DealFact(instant(at[i]), FactKind.of(kind[i]), stage[i], owner[i], day[i], amount[i], currency);
    }

    /** How many facts occurred strictly before the instant (given as epoch nanoseconds). */
    int countBefore(long asOfNanos) {
        int lo = 0;
        int hi = at.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (at[mid] < asOfNanos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    long at(int i) {
        return at[i];
    }

    FactKind kind(int i) {
        return FactKind.of(kind[i]);
    }

    int stage(int i) {
        return stage[i];
    }

    int owner(int i) {
        return owner[i];
    }

    long day(int i) {
        return day[i];
    }

    double amount(int i) {
        return amount[i];
    }

    static long nanos(Instant instant) {
        if (instant.isAfter(MAX)) {
            return Long.MAX_VALUE;
        }
        if (instant.isBefore(MIN)) {
            return Long.MIN_VALUE;
        }
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static final Instant MAX = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L - 1);
    private static final Instant MIN = Instant.ofEpochSecond(Long.MIN_VALUE / 1_000_000_000L + 1);
}
