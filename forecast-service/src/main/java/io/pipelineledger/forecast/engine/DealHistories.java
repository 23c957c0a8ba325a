package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.AmountRevisedEvent;
import io.pipelineledger.events.CloseDateRevisedEvent;
import io.pipelineledger.events.ForecastCategorySetEvent;
import io.pipelineledger.events.Money;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityReopenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.OwnerReassignedEvent;
import io.pipelineledger.events.StageChangedEvent;
import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.TeamId;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every deal's history, built from the ledger's opportunity events (in any order: each deal's facts are sorted by
 * business time, stably, so a backfilled fact takes its place among the others). Owners and stage ids are interned
 * once for the whole ledger, and so are currencies (each deal keeps the one its amounts are in). Events the forecast does not read (milestones) are skipped. Deals are kept in
 * opportunity-id order, so everything computed from them is independent of the order the events came in.
 */
public final class DealHistories {

    private final List<DealHistory> deals;
    private final List<Owner> owners;
    private final List<String> stageIds;
    private final List<String> currencies;
    private final long factCount;
    private final long firstRecorded;

    private DealHistories(List<DealHistory> deals, List<Owner> owners, List<String> stageIds,
                          List<String> currencies) {
        this.deals = deals;
        this.owners = owners;
        this.stageIds = stageIds;
        this.currencies = currencies;
        this.factCount = deals.stream().mapToLong(DealHistory::size).sum();
        long first = Long.MAX_VALUE;
        for (DealHistory deal : deals) {
            for (int i = 0; i < deal.size(); i++) {
                first = Math.min(first, deal.recordedAt(i));
            }
        }
        this.firstRecorded = first;
    }

    public static DealHistories of(Collection<? extends OpportunityEvent> events) {
        Builder builder = builder();
        events.forEach(builder::add);
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<DealHistory> deals() {
        return deals;
    }

    public Owner owner(int code) {
        return owners.get(code);
    }

    public String stageId(int code) {
        return stageIds.get(code);
    }

    /** The currency of a deal's amounts ({@link DealHistory#currency()}); null for a deal that never named one. */
    public String currency(int code) {
        return code < 0 ? null : currencies.get(code);
    }

    int stageCount() {
        return stageIds.size();
    }

    public long factCount() {
        return factCount;
    }

    /** When the ledger recorded its first fact (null: no fact): before it, the ledger knew nothing it could say. */
    public Instant firstRecordedAt() {
        return firstRecorded == Long.MAX_VALUE ? null : DealHistory.instant(firstRecorded);
    }

    /**
     * The ledger as it stood at {@code knownAt} on the second time axis: only the facts recorded strictly before it
     * (whatever their business time). Shares every history that has no later fact; owners, stages and currencies
     * keep their codes.
     */
    public DealHistories recordedBefore(Instant knownAt) {
        long cut = DealHistory.nanos(knownAt);
        List<DealHistory> known = new ArrayList<>(deals.size());
        boolean same = true;
        for (DealHistory deal : deals) {
            DealHistory k = deal.recordedBefore(cut);
            same &= k == deal;
            if (k != null) {
                known.add(k);
            }
        }
        return same ? this : new DealHistories(List.copyOf(known), owners, stageIds, currencies);
    }

    /** The same ledger plus deals renamed from existing ones (for building large test ledgers cheaply). */
    public DealHistories with(List<DealHistory> more) {
        List<DealHistory> all = new ArrayList<>(deals.size() + more.size());
        all.addAll(deals);
        all.addAll(more);
        all.sort(Comparator.comparing(DealHistory::opportunityId));
        return new DealHistories(List.copyOf(all), owners, stageIds, currencies);
    }

    /** Collects events one at a time (a stream of millions need not be held as a list). */
    public static final class Builder {
        private final Map<String, Pending> pending = new HashMap<>();
        private final Map<Owner, Integer> ownerCodes = new HashMap<>();
        private final List<Owner> owners = new ArrayList<>();
        private final Map<String, Integer> stageCodes = new HashMap<>();
        private final List<String> stageIds = new ArrayList<>();
        private final Map<String, Integer> currencyCodes = new HashMap<>();
        private final List<String> currencies = new ArrayList<>();

        private Builder() {
        }

        /** Adds the event, taken as recorded at its business time, if the forecast reads it. */
        public boolean add(OpportunityEvent event) {
            return add(event, event.occurredAt());
        }

        /**
         * Adds the event, recorded by the ledger at {@code recordedAt} (the event message's timestamp), if the
         * forecast reads it; returns whether it did.
         */
        public boolean add(OpportunityEvent event, Instant recordedAt) {
            String id = event.opportunityId().value();
            Instant at = event.occurredAt();
            long rec = DealHistory.nanos(recordedAt == null ? at : recordedAt);
            if (event instanceof OpportunityOpenedEvent e) {
                currency(id, e.amount());
                deal(id).add(at, rec, FactKind.OPENED, stage(e.stage().value()),
                        owner(e.repId().value(), e.teamId(), e.regionId()), day(e.expectedCloseDate()),
                        e.amount() == null ? 0 : e.amount().value().doubleValue());
            } else if (event instanceof StageChangedEvent e) {
                deal(id).add(at, rec, FactKind.STAGE, stage(e.toStage().value()), -1, DealFact.NO_DAY, 0);
            } else if (event instanceof AmountRevisedEvent e) {
                currency(id, e.amount());
                deal(id).add(at, rec, FactKind.AMOUNT, -1, -1, DealFact.NO_DAY, e.amount().value().doubleValue());
            } else if (event instanceof CloseDateRevisedEvent e) {
                deal(id).add(at, rec, FactKind.CLOSE_DATE, -1, -1, day(e.expectedCloseDate()), 0);
            } else if (event instanceof OwnerReassignedEvent e) {
                deal(id).add(at, rec, FactKind.OWNER, -1, owner(e.repId().value(), e.teamId(), e.regionId()),
                        DealFact.NO_DAY, 0);
            } else if (event instanceof ForecastCategorySetEvent e) {
                deal(id).add(at, rec, FactKind.CATEGORY, e.category().ordinal(), -1, DealFact.NO_DAY, 0);
            } else if (event instanceof OpportunityWonEvent e) {
                currency(id, e.amount());
                deal(id).add(at, rec, FactKind.WON, -1, -1, DealFact.NO_DAY,
                        e.amount() == null ? Double.NaN : e.amount().value().doubleValue());
            } else if (event instanceof OpportunityLostEvent) {
                deal(id).add(at, rec, FactKind.LOST, -1, -1, DealFact.NO_DAY, 0);
            } else if (event instanceof OpportunityReopenedEvent e) {
                deal(id).add(at, rec, FactKind.REOPENED, stage(e.stage().value()), -1, DealFact.NO_DAY, 0);
            } else {
                return false;
            }
            return true;
        }

        public DealHistories build() {
            List<DealHistory> deals = new ArrayList<>(pending.size());
            pending.forEach((id, p) -> deals.add(p.build(id)));
            deals.sort(Comparator.comparing(DealHistory::opportunityId));
            return new DealHistories(List.copyOf(deals), List.copyOf(owners), List.copyOf(stageIds),
                    List.copyOf(currencies));
        }

        /**
         * Writes everything collected so far in a compact binary form (see {@link #read}): the interned stage ids and
         * owners and currencies, then each deal's currency code and facts in arrival order (the order {@link #build}
         * sorts them from).
         */
        public void write(DataOutput out) throws IOException {
            out.writeInt(stageIds.size());
            for (String stage : stageIds) {
                writeString(out, stage);
            }
            out.writeInt(currencies.size());
            for (String currency : currencies) {
                writeString(out, currency);
            }
            out.writeInt(owners.size());
            for (Owner owner : owners) {
                writeString(out, owner.repId());
                writeString(out, owner.teamId());
                writeString(out, owner.regionId());
            }
            out.writeInt(pending.size());
            for (Map.Entry<String, Pending> entry : pending.entrySet()) {
                writeString(out, entry.getKey());
                entry.getValue().write(out);
            }
        }

        /** A builder holding what {@link #write} wrote; the codes index the same stages and owners. */
        public static Builder read(DataInput in) throws IOException {
            Builder builder = new Builder();
            int stages = count(in);
            for (int i = 0; i < stages; i++) {
                builder.stage(readString(in));
            }
            int currencies = count(in);
            for (int i = 0; i < currencies; i++) {
                builder.currencyCode(readString(in));
            }
            int owners = count(in);
            for (int i = 0; i < owners; i++) {
                Owner owner = new Owner(readString(in), readString(in), readString(in));
                builder.ownerCodes.put(owner, builder.owners.size());
                builder.owners.add(owner);
            }
            int deals = count(in);
            for (int i = 0; i < deals; i++) {
                String id = readString(in);
                builder.pending.put(id, Pending.read(in, builder.stageIds.size(), builder.owners.size(),
                        builder.currencies.size()));
            }
            return builder;
        }

        private Pending deal(String id) {
            return pending.computeIfAbsent(id, k -> new Pending());
        }

        /** A deal's amounts are in one currency (the ledger keeps the opening's): the first one named counts. */
        private void currency(String id, Money amount) {
            Pending deal = deal(id);
            if (amount != null && deal.currency < 0) {
                deal.currency = currencyCode(amount.currency());
            }
        }

        private int currencyCode(String currency) {
            return currencyCodes.computeIfAbsent(currency, k -> {
                currencies.add(k);
                return currencies.size() - 1;
            });
        }

        private int stage(String id) {
            return stageCodes.computeIfAbsent(id, k -> {
                stageIds.add(k);
                return stageIds.size() - 1;
            });
        }

        private int owner(String rep, TeamId team, RegionId region) {
            Owner owner = new Owner(rep, team == null ? null : team.value(), region == null ? null : region.value());
            return ownerCodes.computeIfAbsent(owner, k -> {
                owners.add(k);
                return owners.size() - 1;
            });
        }

        private static long day(LocalDate date) {
            return date == null ? DealFact.NO_DAY : date.toEpochDay();
        }
    }

    /** A deal's facts as they arrive, sorted once at the end. */
    private static final class Pending {
        private long[] at = new long[4];
        private long[] recorded = new long[4];
        private byte[] kind = new byte[4];
        private int[] stage = new int[4];
        private int[] owner = new int[4];
        private long[] day = new long[4];
        private double[] amount = new double[4];
        private int size;
        /** The deal's currency code, -1 until a fact names one. */
        private int currency = -1;

        void add(Instant when, long rec, FactKind k, int s, int o, long d, double a) {
            if (size == at.length) {
                int n = size * 2;
                at = Arrays.copyOf(at, n);
                recorded = Arrays.copyOf(recorded, n);
                kind = Arrays.copyOf(kind, n);
                stage = Arrays.copyOf(stage, n);
                owner = Arrays.copyOf(owner, n);
                day = Arrays.copyOf(day, n);
                amount = Arrays.copyOf(amount, n);
            }
            at[size] = DealHistory.nanos(when);
            recorded[size] = rec;
            kind[size] = (byte) k.ordinal();
            stage[size] = s;
            owner[size] = o;
            day[size] = d;
            amount[size] = a;
            size++;
        }

        void write(DataOutput out) throws IOException {
            out.writeInt(currency);
            out.writeInt(size);
            for (int i = 0; i < size; i++) {
                out.writeLong(at[i]);
                out.writeLong(recorded[i]);
                out.writeByte(kind[i]);
                out.writeInt(stage[i]);
                out.writeInt(owner[i]);
                out.writeLong(day[i]);
                out.writeDouble(amount[i]);
            }
        }

        /** Reads what {@link #write} wrote, refusing codes that point nowhere (a damaged snapshot). */
        static Pending read(DataInput in, int stages, int owners, int currencies) throws IOException {
            Pending p = new Pending();
            p.currency = in.readInt();
            if (p.currency < -1 || p.currency >= currencies) {
                throw new IOException("a deal refers to an unknown currency");
            }
            int n = count(in);
            int capacity = Math.max(4, n);
            p.at = new long[capacity];
            p.recorded = new long[capacity];
            p.kind = new byte[capacity];
            p.stage = new int[capacity];
            p.owner = new int[capacity];
            p.day = new long[capacity];
            p.amount = new double[capacity];
            for (int i = 0; i < n; i++) {
                p.at[i] = in.readLong();
                p.recorded[i] = in.readLong();
                p.kind[i] = in.readByte();
                p.stage[i] = in.readInt();
                p.owner[i] = in.readInt();
                p.day[i] = in.readLong();
                p.amount[i] = in.readDouble();
                if (p.kind[i] < 0 || p.kind[i] >= FactKind.values().length || p.stage[i] < -1 || p.stage[i] >= stages
                        || p.owner[i] < -1 || p.owner[i] >= owners) {
                    throw new IOException("fact " + i + " of a deal refers to an unknown kind, stage or owner");
                }
            }
            p.size = n;
            return p;
        }

        DealHistory build(String id) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingLong(i -> at[i])); // stable: same-instant facts keep arrival order
            long[] a = new long[size];
            long[] r = new long[size];
            byte[] k = new byte[size];
            int[] s = new int[size];
            int[] o = new int[size];
            long[] d = new long[size];
            double[] m = new double[size];
            for (int i = 0; i < size; i++) {
                int j = order[i];
                a[i] = at[j];
                r[i] = recorded[j];
                k[i] = kind[j];
                s[i] = stage[j];
                o[i] = owner[j];
                d[i] = day[j];
                m[i] = amount[j];
            }
            return new DealHistory(id, currency, a, k, s, o, d, m, r);
        }
    }

    private static void writeString(DataOutput out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > 1 << 20) {
            throw new IOException("a string of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int count(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("a negative count");
        }
        return n;
    }
}
