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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        this(deals, owners, stageIds, currencies, deals.stream().mapToLong(DealHistory::size).sum(),
                firstRecorded(deals));
    }

    private DealHistories(List<DealHistory> deals, List<Owner> owners, List<String> stageIds,
                          List<String> currencies, long factCount, long firstRecorded) {
        this.deals = deals;
        this.owners = owners;
        this.stageIds = stageIds;
        this.currencies = currencies;
        this.factCount = factCount;
        this.firstRecorded = firstRecorded;
    }

    private static long firstRecorded(List<DealHistory> deals) {
        long first = Long.MAX_VALUE;
        for (DealHistory deal : deals) {
            for (int i = 0; i < deal.size(); i++) {
                first = Math.min(first, deal.recordedAt(i));
            }
        }
        return first;
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

    /**
     * How many facts occurred strictly before {@code asOf}: facts are only ever added, so while this count (and the
     * process and rates) stay the same, everything learned as of {@code asOf} stays the same.
     */
    public long factsBefore(Instant asOf) {
        long cut = DealHistory.nanos(asOf);
        long n = 0;
        for (DealHistory deal : deals) {
            n += deal.countBefore(cut);
        }
        return n;
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

    /**
     * Collects events one at a time (a stream of millions need not be held as a list). Persistent: each deal is kept
     * as one immutable {@link DealHistory}, replaced by a copy with the fact inserted when a fact arrives, so every
     * {@link #build} shares the storage of the deals that did not change since the previous one (one copy of the
     * histories in memory however many built versions are still referenced).
     */
    public static final class Builder {
        private final TreeMap<String, DealHistory> deals = new TreeMap<>();
        private final Map<Owner, Integer> ownerCodes = new HashMap<>();
        private final List<Owner> owners = new ArrayList<>();
        private final Map<String, Integer> stageCodes = new HashMap<>();
        private final List<String> stageIds = new ArrayList<>();
        private final Map<String, Integer> currencyCodes = new HashMap<>();
        private final List<String> currencies = new ArrayList<>();
        private long factCount;
        private long firstRecorded = Long.MAX_VALUE;
        /** The last build, returned again while nothing was added. */
        private DealHistories built;

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
                add(id, e.amount(), at, rec, FactKind.OPENED, stage(e.stage().value()),
                        owner(e.repId().value(), e.teamId(), e.regionId()), day(e.expectedCloseDate()),
                        e.amount() == null ? 0 : e.amount().value().doubleValue());
            } else if (event instanceof StageChangedEvent e) {
                add(id, null, at, rec, FactKind.STAGE, stage(e.toStage().value()), -1, DealFact.NO_DAY, 0);
            } else if (event instanceof AmountRevisedEvent e) {
                add(id, e.amount(), at, rec, FactKind.AMOUNT, -1, -1, DealFact.NO_DAY,
                        e.amount().value().doubleValue());
            } else if (event instanceof CloseDateRevisedEvent e) {
                add(id, null, at, rec, FactKind.CLOSE_DATE, -1, -1, day(e.expectedCloseDate()), 0);
            } else if (event instanceof OwnerReassignedEvent e) {
                add(id, null, at, rec, FactKind.OWNER, -1, owner(e.repId().value(), e.teamId(), e.regionId()),
                        DealFact.NO_DAY, 0);
            } else if (event instanceof ForecastCategorySetEvent e) {
                add(id, null, at, rec, FactKind.CATEGORY, e.category().ordinal(), -1, DealFact.NO_DAY, 0);
            } else if (event instanceof OpportunityWonEvent e) {
                add(id, e.amount(), at, rec, FactKind.WON, -1, -1, DealFact.NO_DAY,
                        e.amount() == null ? Double.NaN : e.amount().value().doubleValue());
            } else if (event instanceof OpportunityLostEvent) {
                add(id, null, at, rec, FactKind.LOST, -1, -1, DealFact.NO_DAY, 0);
            } else if (event instanceof OpportunityReopenedEvent e) {
                add(id, null, at, rec, FactKind.REOPENED, stage(e.stage().value()), -1, DealFact.NO_DAY, 0);
            } else {
                return false;
            }
            return true;
        }

        /** A deal's amounts are in one currency (the ledger keeps the opening's): the first one named counts. */
        private void add(String id, Money amount, Instant when, long rec, FactKind k, int s, int o, long d, double a) {
            DealHistory deal = deals.get(id);
            int currency = deal == null ? -1 : deal.currency();
            if (amount != null && currency < 0) {
                currency = currencyCode(amount.currency());
            }
            deals.put(id, deal == null
                    ? DealHistory.single(id, currency, DealHistory.nanos(when), rec, (byte) k.ordinal(), s, o, d, a)
                    : deal.with(currency, DealHistory.nanos(when), rec, (byte) k.ordinal(), s, o, d, a));
            factCount++;
            firstRecorded = Math.min(firstRecorded, rec);
            built = null;
        }

        /** The histories collected so far; the deals unchanged since the last build are the same objects. */
        public DealHistories build() {
            if (built == null) {
                built = new DealHistories(List.copyOf(deals.values()), List.copyOf(owners), List.copyOf(stageIds),
                        List.copyOf(currencies), factCount, firstRecorded);
            }
            return built;
        }

        /**
         * Writes everything collected so far in a compact binary form (see {@link #read}): the interned stage ids and
         * owners and currencies, then each deal's currency code and facts in business-time order (an order
         * {@link #read} sorts stably into the same history).
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
            out.writeInt(deals.size());
            for (Map.Entry<String, DealHistory> entry : deals.entrySet()) {
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
                DealHistory deal = DealHistory.read(in, id, builder.stageIds.size(), builder.owners.size(),
                        builder.currencies.size());
                builder.deals.put(id, deal);
                builder.factCount += deal.size();
                for (int f = 0; f < deal.size(); f++) {
                    builder.firstRecorded = Math.min(builder.firstRecorded, deal.recordedAt(f));
                }
            }
            return builder;
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
