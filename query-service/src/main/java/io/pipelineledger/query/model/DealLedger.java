package io.pipelineledger.query.model;

import io.pipelineledger.events.AmountRevisedEvent;
import io.pipelineledger.events.MilestoneAchievedEvent;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.OpportunityLostEvent;
import io.pipelineledger.events.OpportunityOpenedEvent;
import io.pipelineledger.events.OpportunityReopenedEvent;
import io.pipelineledger.events.OpportunityWonEvent;
import io.pipelineledger.events.OwnerReassignedEvent;
import io.pipelineledger.events.StageChangedEvent;
import io.pipelineledger.events.ids.MilestoneId;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.events.ids.StageId;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.query.metrics.ConversionMetrics;
import io.pipelineledger.query.metrics.DealSnapshot;
import io.pipelineledger.query.metrics.Owner;
import io.pipelineledger.query.metrics.StageVisit;
import io.pipelineledger.query.metrics.StageVisits;

import io.pipelineledger.events.ids.RegionId;
import io.pipelineledger.events.ids.RepId;
import io.pipelineledger.events.ids.TeamId;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The query side's read model in memory: every deal's facts (the ones the metrics need) and its stage visits, in
 * packed arrays so a million deals fit in a modest heap. Facts arrive in any business-time order; a deal whose
 * facts changed is re-derived (its visits via {@link StageVisits}) lazily, before the next read. Reads answer as of
 * any business time by truncating visits and walking facts up to it. Thread-safe: one writer at a time, many
 * readers.
 */
public final class DealLedger {

    /** Fact kinds, stored in the top 4 bits of a fact's packed word. */
    static final int OPENED = 1;
    static final int MILESTONE = 2;
    static final int STAGE = 3;
    static final int AMOUNT = 4;
    static final int OWNER = 5;
    static final int WON = 6;
    static final int LOST = 7;
    static final int REOPENED = 8;

    /**
     * A fact is two longs — occurredAt millis, then the packed kind/stage-or-milestone/owner/extra — and a third,
     * the amount (scale 4), only for the kinds that carry one ({@link #stride}): most facts are milestones and
     * stage changes, and a million deals' facts must fit in a modest heap.
     */
    static int stride(long word) {
        int kind = kind(word);
        return kind == OPENED || kind == AMOUNT || kind == WON ? 3 : 2;
    }

    static boolean hasAmount(long[] facts) {
        for (int i = 0; i < facts.length; i += stride(facts[i + 1])) {
            if (stride(facts[i + 1]) == 3) {
                return true;
            }
        }
        return false;
    }

    static int factCount(long[] facts) {
        int count = 0;
        for (int i = 0; i < facts.length; i += stride(facts[i + 1])) {
            count++;
        }
        return count;
    }
    /** Longs per visit: enteredAt, exitedAt, outcomeAt, runStartedAt (millis; NONE when absent), packed rest. */
    static final int VISIT = 5;
    static final long NONE = Long.MIN_VALUE;
    static final int AMOUNT_SCALE = 4;
    private static final long[] EMPTY = new long[0];
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");
    private static final StageVisit.Exit[] EXITS = StageVisit.Exit.values();
    private static final StageVisit.Outcome[] OUTCOMES = StageVisit.Outcome.values();

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<OpportunityId, Deal> deals = new HashMap<>();
    /** Deals whose visits must be re-derived (each listed once: see {@link Deal#dirty}). */
    private final List<Deal> dirty = new ArrayList<>();
    private final Symbols<StageId> stages = new Symbols<>(20);
    private final Symbols<MilestoneId> milestones = new Symbols<>(20);
    private final Symbols<Owner> owners = new Symbols<>(24);
    /** ISO-4217 codes of the deals' amounts (code 0: not known, a deal restored from the durable form of before). */
    private final Symbols<String> currencies = new Symbols<>(12);
    private final Map<Integer, SalesProcess> processes = new TreeMap<>(Map.of(1, DefaultSalesProcess.get()));
    private long factsApplied;
    /** Set with a deal marked dirty, so readers can skip the write lock when nothing changed. */
    private volatile boolean unsettled;
    /**
     * The deals as an array, for the scans every read makes (walking a hash map's nodes was a fifth of a conversion
     * request); remade by {@link #settle} after deals came, went or were replaced.
     */
    private Deal[] ordered = new Deal[0];
    private boolean membershipChanged;

    /** One deal: its facts in business-time order (ties in arrival order) and its visits derived from all of them. */
    private static final class Deal {
        final OpportunityId id;
        long[] facts = EMPTY;
        long[] visits = EMPTY;
        /** The highest aggregate sequence number applied: a redelivered event is not a second fact. */
        long lastSequence = -1;
        int processVersion = 1;
        /** The currency of the deal's amounts ({@link #currencies} code; the CRM keeps one per deal). */
        int currency;
        boolean dirty;

        Deal(OpportunityId id) {
            this.id = id;
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Adds a fact of the deal with the given aggregate sequence number (its place in the deal's own stream);
     * false when that number was applied already (a redelivery), or the fact does not matter to the metrics.
     */
    public boolean apply(OpportunityEvent event, long sequence) {
        return apply(event, sequence, null);
    }

    /** As {@link #apply(OpportunityEvent, long)}, also writing the fact to {@code changes} when it was added. */
    public boolean apply(OpportunityEvent event, long sequence, ChangeLog changes) {
        lock.writeLock().lock();
        try {
            Deal deal = deals.computeIfAbsent(event.opportunityId(), this::newDeal);
            if (sequence >= 0 && sequence <= deal.lastSequence) {
                return false;
            }
            deal.lastSequence = Math.max(deal.lastSequence, sequence);
            long packed = pack(event, deal);
            if (packed == 0) {
                return false;
            }
            long time = event.occurredAt().toEpochMilli();
            long amount = amountOf(event);
            String currency = currencyOf(event);
            if (currency != null) {
                deal.currency = currencies.code(currency);
            }
            insert(deal, time, packed, amount);
            markDirty(deal);
            factsApplied++;
            if (changes != null) {
                DataOutputStream out = changes.out();
                out.writeUTF(deal.id.value());
                out.writeLong(sequence);
                writeFact(out, time, packed, amount, deal.currency);
                changes.added(deal.id);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Applies a {@link ChangeLog}'s bytes (after restoring the deals' exported forms): facts a deal already has
     * (by sequence) are skipped, so a change log may overlap what was exported. Only the deals {@code only} accepts
     * are changed; their ids go to {@code touched}. Returns the facts added.
     */
    public int applyChanges(byte[] changes, Predicate<OpportunityId> only, Set<OpportunityId> touched) {
        lock.writeLock().lock();
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(changes));
            long[] fact = new long[3];
            Deal skipped = new Deal(OpportunityId.of("skipped"));
            int added = 0;
            while (in.available() > 0) {
                OpportunityId id = OpportunityId.of(in.readUTF());
                long sequence = in.readLong();
                if (!only.test(id)) {
                    readFact(in, fact, skipped);
                    continue;
                }
                Deal deal = deals.computeIfAbsent(id, this::newDeal);
                readFact(in, fact, deal);
                touched.add(id);
                if (sequence >= 0 && sequence <= deal.lastSequence) {
                    continue;
                }
                deal.lastSequence = sequence;
                insert(deal, fact[0], fact[1], fact[2]);
                markDirty(deal);
                factsApplied++;
                added++;
            }
            return added;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A version of the sales process: deals opened under it are judged by it. */
    public void defineProcess(int version, SalesProcess process) {
        lock.writeLock().lock();
        try {
            processes.put(version, process);
            deals.values().stream().filter(d -> d.processVersion == version).forEach(this::markDirty);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Forgets everything (before a replay). */
    public void clear() {
        lock.writeLock().lock();
        try {
            deals.clear();
            ordered = new Deal[0];
            membershipChanged = false;
            dirty.clear();
            processes.clear();
            processes.put(1, DefaultSalesProcess.get());
            factsApplied = 0;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops the deals (to be restored from the durable read model after a failed transaction). */
    public void forget(Collection<OpportunityId> ids) {
        lock.writeLock().lock();
        try {
            ids.forEach(id -> {
                Deal deal = deals.remove(id);
                if (deal != null) {
                    membershipChanged = true;
                    unsettled = true;
                    deal.dirty = false; // gone: settle skips it
                    factsApplied -= factCount(deal.facts);
                }
            });
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Deal newDeal(OpportunityId id) {
        membershipChanged = true;
        unsettled = true;
        return new Deal(id);
    }

    private void markDirty(Deal deal) {
        if (!deal.dirty) {
            deal.dirty = true;
            dirty.add(deal);
        }
        unsettled = true;
    }

    private long pack(OpportunityEvent event, Deal deal) {
        if (event instanceof OpportunityOpenedEvent e) {
            deal.processVersion = e.processVersion();
            return word(OPENED, stages.code(e.stage()), owners.code(new Owner(e.repId(), e.teamId(), e.regionId())),
                    e.processVersion());
        } else if (event instanceof MilestoneAchievedEvent e) {
            return word(MILESTONE, milestones.code(e.milestoneId()), 0, e.verified() ? 1 : 0);
        } else if (event instanceof StageChangedEvent e) {
            return word(STAGE, stages.code(e.toStage()), 0, 0);
        } else if (event instanceof AmountRevisedEvent) {
            return word(AMOUNT, 0, 0, 0);
        } else if (event instanceof OwnerReassignedEvent e) {
            return word(OWNER, 0, owners.code(new Owner(e.repId(), e.teamId(), e.regionId())), 0);
        } else if (event instanceof OpportunityWonEvent e) {
            return word(WON, stages.code(e.toStage()), 0, e.amount() == null ? 0 : 1);
        } else if (event instanceof OpportunityLostEvent) {
            return word(LOST, 0, 0, 0);
        } else if (event instanceof OpportunityReopenedEvent e) {
            return word(REOPENED, stages.code(e.stage()), 0, 0);
        }
        return 0; // close dates and forecast categories do not move these metrics
    }

    static long word(int kind, int a, int b, int c) {
        return ((long) kind << 60) | ((long) a << 40) | ((long) b << 16) | (c & 0xFFFFL);
    }

    static int kind(long word) {
        return (int) (word >>> 60);
    }

    static int a(long word) {
        return (int) ((word >>> 40) & 0xFFFFF);
    }

    static int b(long word) {
        return (int) ((word >>> 16) & 0xFFFFFF);
    }

    static int c(long word) {
        return (int) (word & 0xFFFF);
    }

    private static long amountOf(OpportunityEvent event) {
        BigDecimal value = null;
        if (event instanceof OpportunityOpenedEvent e) {
            value = e.amount().value();
        } else if (event instanceof AmountRevisedEvent e) {
            value = e.amount().value();
        } else if (event instanceof OpportunityWonEvent e && e.amount() != null) {
            value = e.amount().value();
        }
        return value == null ? 0 : toScaled(value);
    }

    private static String currencyOf(OpportunityEvent event) {
        if (event instanceof OpportunityOpenedEvent e && e.amount() != null) {
            return e.amount().currency();
        } else if (event instanceof AmountRevisedEvent e && e.amount() != null) {
            return e.amount().currency();
        } else if (event instanceof OpportunityWonEvent e && e.amount() != null) {
            return e.amount().currency();
        }
        return null;
    }

    /** Amounts kept to 4 decimals (exact for any currency's minor unit). */
    static long toScaled(BigDecimal value) {
        try {
            return value.setScale(AMOUNT_SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
        } catch (ArithmeticException tooLarge) {
            return Long.MAX_VALUE;
        }
    }

    /** Inserts after every fact at the same or an earlier time: business-time order, ties in arrival order. */
    private static void insert(Deal deal, long time, long word, long amount) {
        long[] facts = deal.facts;
        int at = 0;
        while (at < facts.length && facts[at] <= time) {
            at += stride(facts[at + 1]);
        }
        int size = stride(word);
        long[] grown = new long[facts.length + size];
        System.arraycopy(facts, 0, grown, 0, at);
        grown[at] = time;
        grown[at + 1] = word;
        if (size == 3) {
            grown[at + 2] = amount;
        }
        System.arraycopy(facts, at, grown, at + size, facts.length - at);
        deal.facts = grown;
    }

    // ---------------------------------------------------------------- deriving

    /** Re-derives the visits of deals whose facts changed; readers call it first. */
    private void settle() {
        if (!unsettled) {
            return;
        }
        lock.writeLock().lock();
        try {
            unsettled = false;
            if (membershipChanged) {
                ordered = deals.values().toArray(Deal[]::new);
                membershipChanged = false;
            }
            for (Deal deal : dirty) {
                if (deal.dirty) {
                    deal.visits = packVisits(StageVisits.asOf(events(deal), END_OF_TIME,
                            process(deal.processVersion)));
                    deal.dirty = false;
                }
            }
            dirty.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private SalesProcess process(int version) {
        SalesProcess process = processes.get(version);
        return process != null ? process : processes.get(((TreeMap<Integer, SalesProcess>) processes).lastKey());
    }

    /** The deal's packed facts as the events {@link StageVisits} walks (only the fields it reads). */
    private List<OpportunityEvent> events(Deal deal) {
        long[] f = deal.facts;
        List<OpportunityEvent> events = new ArrayList<>(f.length / 2);
        for (int i = 0; i < f.length; i += stride(f[i + 1])) {
            Instant at = Instant.ofEpochMilli(f[i]);
            long w = f[i + 1];
            OpportunityId id = deal.id;
            switch (kind(w)) {
                case OPENED -> {
                    Owner o = owners.value(b(w));
                    events.add(new OpportunityOpenedEvent(null, id, at, o.rep(), o.team(), o.region(), null,
                            stages.value(a(w)), null, null, null, c(w)));
                }
                case MILESTONE -> events.add(new MilestoneAchievedEvent(null, id, at, milestones.value(a(w)), null,
                        null, null, c(w) == 1));
                case STAGE -> events.add(new StageChangedEvent(null, id, at, null, stages.value(a(w)), null, null,
                        null));
                case OWNER -> {
                    Owner o = owners.value(b(w));
                    events.add(new OwnerReassignedEvent(null, id, at, null, o.rep(), o.team(), o.region()));
                }
                case WON -> events.add(new OpportunityWonEvent(null, id, at, null, null, stages.value(a(w)), null,
                        null));
                case LOST -> events.add(new OpportunityLostEvent(null, id, at, null, null));
                case REOPENED -> events.add(new OpportunityReopenedEvent(null, id, at, stages.value(a(w)), null,
                        false));
                default -> {
                    // amounts do not move visits
                }
            }
        }
        return events;
    }

    private long[] packVisits(List<StageVisit> visits) {
        long[] packed = new long[visits.size() * VISIT];
        int i = 0;
        for (StageVisit v : visits) {
            packed[i] = v.enteredAt().toEpochMilli();
            packed[i + 1] = v.exitedAt() == null ? NONE : v.exitedAt().toEpochMilli();
            packed[i + 2] = v.outcomeAt() == null ? NONE : v.outcomeAt().toEpochMilli();
            packed[i + 3] = v.runStartedAt().toEpochMilli();
            int exit = v.exit() == null ? 0 : v.exit().ordinal() + 1;
            int unmet = v.unmetRequired() == null ? 511 : Math.min(v.unmetRequired(), 510);
            packed[i + 4] = ((long) stages.code(v.stage()) << 44) | ((long) exit << 41)
                    | ((long) v.outcome().ordinal() << 39) | ((long) unmet << 30)
                    | owners.code(new Owner(v.rep(), v.team(), v.region()));
            i += VISIT;
        }
        return packed;
    }

    // ---------------------------------------------------------------- reading

    /** Every deal's visits as of a business time (entered before it; exits and outcomes after it undone). */
    public List<StageVisit> visitsAsOf(Instant asOf) {
        settle();
        lock.readLock().lock();
        try {
            long t = asOf.toEpochMilli();
            List<StageId> stageIds = stages.mapped(s -> s);
            List<Owner> ownerIds = owners.mapped(o -> o);
            List<StageVisit> visits = new ArrayList<>();
            for (Deal deal : ordered) {
                long[] v = deal.visits;
                for (int i = 0; i < v.length; i += VISIT) {
                    if (v[i] < t) {
                        visits.add(visit(deal.id, v, i, t, stageIds, ownerIds));
                    }
                }
            }
            return visits;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static StageVisit visit(OpportunityId id, long[] v, int i, long asOf, List<StageId> stageIds,
                                    List<Owner> ownerIds) {
        long w = v[i + 4];
        boolean left = v[i + 1] != NONE && v[i + 1] < asOf;
        boolean decided = v[i + 2] != NONE && v[i + 2] < asOf;
        int exit = (int) ((w >>> 41) & 7);
        int unmet = (int) ((w >>> 30) & 511);
        Owner owner = ownerIds.get((int) (w & 0xFFFFFF));
        return new StageVisit(id, stageIds.get((int) (w >>> 44)), Instant.ofEpochMilli(v[i]),
                left ? Instant.ofEpochMilli(v[i + 1]) : null, left && exit > 0 ? EXITS[exit - 1] : null,
                left && unmet != 511 ? unmet : null,
                decided ? OUTCOMES[(int) ((w >>> 39) & 3)] : StageVisit.Outcome.OPEN,
                decided ? Instant.ofEpochMilli(v[i + 2]) : null, Instant.ofEpochMilli(v[i + 3]),
                owner.rep(), owner.team(), owner.region());
    }

    /**
     * Stage conversion per group as of a business time ({@link ConversionMetrics}), straight from the packed visits:
     * the same figures as {@code ConversionMetrics.byGroup(visitsAsOf(asOf), ...)} without building a visit object
     * per stay (this is the read dashboards make most).
     */
    public List<ConversionMetrics.GroupStats> conversion(Instant asOf, Function<Owner, String> group,
                                                         BusinessPeriod.Granularity interval, Instant from,
                                                         Instant to) {
        settle();
        lock.readLock().lock();
        try {
            long t = asOf.toEpochMilli();
            SalesProcess process = process(Integer.MAX_VALUE);
            int[] stageIndex = new int[stages.size() + 1];
            for (int code = 0; code < stageIndex.length; code++) {
                stageIndex[code] = code == 0 ? -1 : process.indexOf(stages.value(code));
            }
            ConversionMetrics.Accumulator accumulator = new ConversionMetrics.Accumulator(process, interval, from, to);
            int[] groups = new int[owners.size() + 1];
            groups[0] = -1;
            for (int code = 1; code < groups.length; code++) {
                String name = group.apply(owners.value(code));
                groups[code] = name == null ? -1 : accumulator.group(name);
            }
            for (Deal deal : ordered) {
                long[] v = deal.visits;
                for (int i = 0; i < v.length; i += VISIT) {
                    if (v[i] >= t) {
                        continue;
                    }
                    long w = v[i + 4];
                    boolean left = v[i + 1] != NONE && v[i + 1] < t;
                    boolean decided = v[i + 2] != NONE && v[i + 2] < t;
                    int exit = (int) ((w >>> 41) & 7);
                    accumulator.add(groups[(int) (w & 0xFFFFFF)], stageIndex[(int) (w >>> 44)], v[i],
                            left ? v[i + 1] : ConversionMetrics.NONE, left && exit > 0 ? EXITS[exit - 1] : null,
                            decided ? OUTCOMES[(int) ((w >>> 39) & 3)] : StageVisit.Outcome.OPEN, v[i + 3]);
                }
            }
            return accumulator.result();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every deal opened before a business time, as it stood then. */
    public List<DealSnapshot> dealsAsOf(Instant asOf) {
        lock.readLock().lock();
        try {
            long t = asOf.toEpochMilli();
            List<StageId> stageIds = stages.mapped(s -> s);
            List<Owner> ownerIds = owners.mapped(o -> o);
            List<String> currencyIds = currencies.mapped(c -> c);
            List<DealSnapshot> snapshots = new ArrayList<>();
            for (Deal deal : deals.values()) {
                DealSnapshot snapshot = snapshot(deal, t, stageIds, ownerIds, currencyIds);
                if (snapshot != null) {
                    snapshots.add(snapshot);
                }
            }
            return snapshots;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Walks the deal's facts before {@code t}: status, stage, amount and its currency, owner, and the owner and time
     * when it closed.
     */
    private static DealSnapshot snapshot(Deal deal, long t, List<StageId> stageIds, List<Owner> ownerIds,
                                         List<String> currencyIds) {
        long[] f = deal.facts;
        boolean opened = false;
        DealSnapshot.Status status = DealSnapshot.Status.OPEN;
        int stage = 0;
        int owner = 0;
        int closedBy = 0;
        long closedAt = NONE;
        long amount = 0;
        for (int i = 0; i < f.length && f[i] < t; i += stride(f[i + 1])) {
            long w = f[i + 1];
            switch (kind(w)) {
                case OPENED -> {
                    opened = true;
                    stage = a(w);
                    owner = b(w);
                    amount = f[i + 2];
                }
                case STAGE -> stage = a(w);
                case AMOUNT -> amount = f[i + 2];
                case OWNER -> owner = b(w);
                case WON -> {
                    status = DealSnapshot.Status.WON;
                    stage = a(w) == 0 ? stage : a(w);
                    amount = c(w) == 1 ? f[i + 2] : amount; // the final value, when the CRM gave one
                    closedBy = owner;
                    closedAt = f[i];
                }
                case LOST -> {
                    status = DealSnapshot.Status.LOST;
                    closedBy = owner;
                    closedAt = f[i];
                }
                case REOPENED -> {
                    status = DealSnapshot.Status.OPEN;
                    stage = a(w);
                    closedBy = 0;
                    closedAt = NONE;
                }
                default -> {
                    // milestones do not move the snapshot
                }
            }
        }
        if (!opened) {
            return null;
        }
        return new DealSnapshot(deal.id, status, stageIds.get(stage), BigDecimal.valueOf(amount, AMOUNT_SCALE),
                currencyIds.get(deal.currency), ownerIds.get(owner), closedBy == 0 ? null : ownerIds.get(closedBy),
                closedAt == NONE ? null : Instant.ofEpochMilli(closedAt));
    }

    /** The process version deals are reported against: the latest. */
    public SalesProcess currentProcess() {
        lock.readLock().lock();
        try {
            return process(Integer.MAX_VALUE);
        } finally {
            lock.readLock().unlock();
        }
    }

    public int dealCount() {
        lock.readLock().lock();
        try {
            return deals.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Deals with an amount whose currency is not known: restored from the durable form of before currencies were
     * kept. Their amounts are in no total until the read model is rebuilt from the events.
     */
    public int dealsWithoutCurrency() {
        lock.readLock().lock();
        try {
            int count = 0;
            for (Deal deal : deals.values()) {
                if (deal.currency == 0 && hasAmount(deal.facts)) {
                    count++;
                }
            }
            return count;
        } finally {
            lock.readLock().unlock();
        }
    }

    public long factsApplied() {
        lock.readLock().lock();
        try {
            return factsApplied;
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- durable form

    /**
     * Version of the binary form of {@link #export}: 2 since facts with an amount may carry its currency
     * ({@link #WITH_CURRENCY}); form 1 (no currencies) is still read, its deals' currency left unknown.
     */
    private static final byte FORMAT = 2;
    private static final byte FORMAT_WITHOUT_CURRENCY = 1;
    /** Set on a written fact's kind byte when the amount's currency follows it (absent in change rows of before). */
    private static final int WITH_CURRENCY = 0x40;

    /** The deal's facts in a self-contained binary form for the durable read model; null for an unknown deal. */
    public byte[] export(OpportunityId id) {
        lock.readLock().lock();
        try {
            Deal deal = deals.get(id);
            if (deal == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + deal.facts.length * 12);
            exportTo(deal, new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void exportTo(Deal deal, DataOutputStream out) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(deal.lastSequence);
        out.writeInt(factCount(deal.facts));
        long[] f = deal.facts;
        for (int i = 0; i < f.length; i += stride(f[i + 1])) {
            writeFact(out, f[i], f[i + 1], stride(f[i + 1]) == 3 ? f[i + 2] : 0, deal.currency);
        }
    }

    /**
     * Every deal in {@link #export exported} form, packed many to a chunk of about {@code chunkBytes} (each: id,
     * length, exported bytes), for writing a whole rebuilt read model as a few large rows instead of a row per deal.
     */
    public void exportAll(int chunkBytes, Consumer<byte[]> chunks) {
        lock.readLock().lock();
        try {
            ByteArrayOutputStream chunk = new ByteArrayOutputStream(chunkBytes + chunkBytes / 8);
            DataOutputStream out = new DataOutputStream(chunk);
            ByteArrayOutputStream one = new ByteArrayOutputStream(256);
            DataOutputStream oneOut = new DataOutputStream(one);
            for (Deal deal : deals.values()) {
                one.reset();
                exportTo(deal, oneOut);
                out.writeUTF(deal.id.value());
                out.writeInt(one.size());
                one.writeTo(out);
                if (chunk.size() >= chunkBytes) {
                    chunks.accept(chunk.toByteArray());
                    chunk.reset();
                }
            }
            if (chunk.size() > 0) {
                chunks.accept(chunk.toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Restores the deals of an {@link #exportAll} chunk that {@code only} accepts; returns how many. */
    public int restoreAll(byte[] chunk, Predicate<OpportunityId> only) {
        int[] restored = {0};
        entries(chunk, only, (id, data) -> {
            restore(id, data);
            restored[0]++;
        });
        return restored[0];
    }

    /** The deals of an {@link #exportAll} chunk that {@code only} accepts, in their exported form. */
    public static void entries(byte[] chunk, Predicate<OpportunityId> only, BiConsumer<OpportunityId, byte[]> to) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(chunk));
            while (in.available() > 0) {
                OpportunityId id = OpportunityId.of(in.readUTF());
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                if (only.test(id)) {
                    to.accept(id, data);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts back a deal from its {@link #export exported} form, replacing what was in memory. */
    public void restore(OpportunityId id, byte[] data) {
        lock.writeLock().lock();
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_CURRENCY) {
                throw new IllegalArgumentException("unknown read-model format " + format + " for " + id);
            }
            Deal deal = new Deal(id);
            deal.lastSequence = in.readLong();
            int count = in.readInt();
            long[] f = new long[count * 3];
            long[] fact = new long[3];
            int i = 0;
            for (int n = 0; n < count; n++) {
                readFact(in, fact, deal);
                f[i] = fact[0];
                f[i + 1] = fact[1];
                if (stride(fact[1]) == 3) {
                    f[i + 2] = fact[2];
                }
                i += stride(fact[1]);
            }
            deal.facts = Arrays.copyOf(f, i);
            Deal previous = deals.put(id, deal);
            membershipChanged = true; // markDirty below: settled before the next read
            if (previous != null) {
                previous.dirty = false; // replaced: settle skips it
                factsApplied -= factCount(previous.facts);
            }
            factsApplied += count;
            markDirty(deal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * One fact in the durable form: time, kind, then the kind's identifiers as text and its amount; after an amount
     * its currency (code {@code currency}), when known, flagged in the kind byte.
     */
    private void writeFact(DataOutputStream out, long time, long w, long amount, int currency) throws IOException {
        out.writeLong(time);
        boolean withCurrency = currency != 0 && stride(w) == 3;
        out.writeByte(kind(w) | (withCurrency ? WITH_CURRENCY : 0));
        switch (kind(w)) {
            case OPENED -> {
                writeId(out, stages.value(a(w)));
                writeOwner(out, owners.value(b(w)));
                out.writeShort(c(w));
                out.writeLong(amount);
            }
            case MILESTONE -> {
                writeId(out, milestones.value(a(w)));
                out.writeBoolean(c(w) == 1);
            }
            case STAGE, REOPENED -> writeId(out, stages.value(a(w)));
            case AMOUNT -> out.writeLong(amount);
            case OWNER -> writeOwner(out, owners.value(b(w)));
            case WON -> {
                writeId(out, stages.value(a(w)));
                out.writeBoolean(c(w) == 1);
                out.writeLong(amount);
            }
            default -> {
                // LOST carries nothing more
            }
        }
        if (withCurrency) {
            out.writeUTF(currencies.value(currency));
        }
    }

    /** Reads a {@link #writeFact written} fact into {@code fact} (time, word, amount); an opening sets the version. */
    private void readFact(DataInputStream in, long[] fact, Deal deal) throws IOException {
        fact[0] = in.readLong();
        fact[2] = 0;
        int flagged = in.readByte();
        int kind = flagged & ~WITH_CURRENCY;
        switch (kind) {
            case OPENED -> {
                int stage = stages.code(readId(in, StageId::of));
                int owner = owners.code(readOwner(in));
                int version = in.readShort() & 0xFFFF;
                deal.processVersion = version;
                fact[1] = word(OPENED, stage, owner, version);
                fact[2] = in.readLong();
            }
            case MILESTONE -> fact[1] = word(MILESTONE, milestones.code(readId(in, MilestoneId::of)), 0,
                    in.readBoolean() ? 1 : 0);
            case STAGE, REOPENED -> fact[1] = word(kind, stages.code(readId(in, StageId::of)), 0, 0);
            case AMOUNT -> {
                fact[1] = word(AMOUNT, 0, 0, 0);
                fact[2] = in.readLong();
            }
            case OWNER -> fact[1] = word(OWNER, 0, owners.code(readOwner(in)), 0);
            case WON -> {
                int stage = stages.code(readId(in, StageId::of));
                fact[1] = word(WON, stage, 0, in.readBoolean() ? 1 : 0);
                fact[2] = in.readLong();
            }
            case LOST -> fact[1] = word(LOST, 0, 0, 0);
            default -> throw new IllegalArgumentException("unknown fact kind " + kind + " for " + deal.id);
        }
        if ((flagged & WITH_CURRENCY) != 0) {
            deal.currency = currencies.code(in.readUTF());
        }
    }

    private static void writeId(DataOutputStream out, Object id) throws IOException {
        out.writeBoolean(id != null);
        if (id != null) {
            out.writeUTF(id.toString());
        }
    }

    private static <T> T readId(DataInputStream in, java.util.function.Function<String, T> of) throws IOException {
        return in.readBoolean() ? of.apply(in.readUTF()) : null;
    }

    private static void writeOwner(DataOutputStream out, Owner owner) throws IOException {
        writeId(out, owner.rep());
        writeId(out, owner.team());
        writeId(out, owner.region());
    }

    private static Owner readOwner(DataInputStream in) throws IOException {
        return new Owner(readId(in, RepId::of), readId(in, TeamId::of), readId(in, RegionId::of));
    }
}
