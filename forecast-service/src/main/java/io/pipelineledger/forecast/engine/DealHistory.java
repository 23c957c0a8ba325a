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
    private final long[] recorded;  // epoch nanoseconds the ledger recorded each fact at (knownAt reads these)

    DealHistory(String opportunityId, int currency, long[] at, byte[] kind, int[] stage, int[] owner, long[] day,
                double[] amount, long[] recorded) {
        this.opportunityId = opportunityId;
        this.currency = currency;
        this.at = at;
        this.kind = kind;
        this.stage = stage;
        this.owner = owner;
        this.day = day;
        this.amount = amount;
        this.recorded = recorded;
    }

    /** The same facts under another opportunity id (shares the arrays; for building large test ledgers). */
    public DealHistory renamed(String newOpportunityId) {
        return new DealHistory(newOpportunityId, currency, at, kind, stage, owner, day, amount, recorded);
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

    /**
     * The facts the ledger had recorded strictly before {@code knownAtNanos} (the second time axis): this history
     * itself when it holds no later one, null when it holds none.
     */
    DealHistory recordedBefore(long knownAtNanos) {
        int n = 0;
        for (long r : recorded) {
            if (r < knownAtNanos) {
                n++;
            }
        }
        if (n == recorded.length) {
            return this;
        }
        if (n == 0) {
            return null;
        }
        long[] a = new long[n];
        byte[] k = new byte[n];
        int[] s = new int[n];
        int[] o = new int[n];
        long[] d = new long[n];
        double[] m = new double[n];
        long[] r = new long[n];
        for (int i = 0, j = 0; i < recorded.length; i++) {
            if (recorded[i] < knownAtNanos) {
                a[j] = at[i];
                k[j] = kind[i];
                s[j] = stage[i];
                o[j] = owner[i];
                d[j] = day[i];
                m[j] = amount[i];
                r[j] = recorded[i];
                j++;
            }
        }
        return new DealHistory(opportunityId, currency, a, k, s, o, d, m, r);
    }

    /** When the ledger recorded fact {@code i} (epoch nanoseconds). */
    long recordedAt(int i) {
        return recorded[i];
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
