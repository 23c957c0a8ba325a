package io.pipelineledger.forecast.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;

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

    /** A deal of one fact. */
    static DealHistory single(String id, int currency, long at, long rec, byte kind, int stage, int owner, long day,
                              double amount) {
        return new DealHistory(id, currency, new long[]{at}, new byte[]{kind}, new int[]{stage}, new int[]{owner},
                new long[]{day}, new double[]{amount}, new long[]{rec});
    }

    /**
     * A copy with one more fact, placed after every fact at or before its instant (as a stable sort of the arrival
     * order places it); this history is left as it was (versions built before keep sharing it).
     */
    DealHistory with(int newCurrency, long when, long rec, byte k, int s, int o, long d, double m) {
        int n = at.length;
        int pos = n;
        while (pos > 0 && at[pos - 1] > when) {
            pos--;
        }
        return new DealHistory(opportunityId, newCurrency, insert(at, pos, when), insert(kind, pos, k),
                insert(stage, pos, s), insert(owner, pos, o), insert(day, pos, d), insert(amount, pos, m),
                insert(recorded, pos, rec));
    }

    private static long[] insert(long[] a, int pos, long v) {
        long[] b = new long[a.length + 1];
        System.arraycopy(a, 0, b, 0, pos);
        b[pos] = v;
        System.arraycopy(a, pos, b, pos + 1, a.length - pos);
        return b;
    }

    private static int[] insert(int[] a, int pos, int v) {
        int[] b = new int[a.length + 1];
        System.arraycopy(a, 0, b, 0, pos);
        b[pos] = v;
        System.arraycopy(a, pos, b, pos + 1, a.length - pos);
        return b;
    }

    private static byte[] insert(byte[] a, int pos, byte v) {
        byte[] b = new byte[a.length + 1];
        System.arraycopy(a, 0, b, 0, pos);
        b[pos] = v;
        System.arraycopy(a, pos, b, pos + 1, a.length - pos);
        return b;
    }

    private static double[] insert(double[] a, int pos, double v) {
        double[] b = new double[a.length + 1];
        System.arraycopy(a, 0, b, 0, pos);
        b[pos] = v;
        System.arraycopy(a, pos, b, pos + 1, a.length - pos);
        return b;
    }

    /** Writes the currency code and the facts (in business-time order) for {@link #read}. */
    void write(DataOutput out) throws IOException {
        out.writeInt(currency);
        out.writeInt(at.length);
        for (int i = 0; i < at.length; i++) {
            out.writeLong(at[i]);
            out.writeLong(recorded[i]);
            out.writeByte(kind[i]);
            out.writeInt(stage[i]);
            out.writeInt(owner[i]);
            out.writeLong(day[i]);
            out.writeDouble(amount[i]);
        }
    }

    /**
     * Reads what {@link #write} wrote (or an older snapshot's facts in arrival order: sorted stably by business
     * time), refusing codes that point nowhere (a damaged snapshot).
     */
    static DealHistory read(DataInput in, String id, int stages, int owners, int currencies) throws IOException {
        int currency = in.readInt();
        if (currency < -1 || currency >= currencies) {
            throw new IOException("a deal refers to an unknown currency");
        }
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("a negative count");
        }
        long[] a = new long[n];
        long[] r = new long[n];
        byte[] k = new byte[n];
        int[] s = new int[n];
        int[] o = new int[n];
        long[] d = new long[n];
        double[] m = new double[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            a[i] = in.readLong();
            r[i] = in.readLong();
            k[i] = in.readByte();
            s[i] = in.readInt();
            o[i] = in.readInt();
            d[i] = in.readLong();
            m[i] = in.readDouble();
            if (k[i] < 0 || k[i] >= FactKind.values().length || s[i] < -1 || s[i] >= stages
                    || o[i] < -1 || o[i] >= owners) {
                throw new IOException("fact " + i + " of a deal refers to an unknown kind, stage or owner");
            }
            sorted &= i == 0 || a[i - 1] <= a[i];
        }
        if (sorted) {
            return new DealHistory(id, currency, a, k, s, o, d, m, r);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> a[i])); // stable: same-instant facts keep arrival order
        long[] a2 = new long[n];
        long[] r2 = new long[n];
        byte[] k2 = new byte[n];
        int[] s2 = new int[n];
        int[] o2 = new int[n];
        long[] d2 = new long[n];
        double[] m2 = new double[n];
        for (int i = 0; i < n; i++) {
            int j = order[i];
            a2[i] = a[j];
            r2[i] = r[j];
            k2[i] = k[j];
            s2[i] = s[j];
            o2[i] = o[j];
            d2[i] = d[j];
            m2[i] = m[j];
        }
        return new DealHistory(id, currency, a2, k2, s2, o2, d2, m2, r2);
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
