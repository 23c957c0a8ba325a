package io.pipelineledger.forecast.forecast;

import java.util.List;
import io.pipelineledger.forecast.engine.SelfCheckCache;
import io.pipelineledger.forecast.engine.PreparedForecast;
import io.pipelineledger.forecast.engine.Method;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.ForecastRequest;
import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.forecast.engine.DealHistories;
import io.pipelineledger.forecast.engine.DealStates;
import io.pipelineledger.forecast.engine.ForecastEngine;
import io.pipelineledger.forecast.engine.ForecastModel;
import io.pipelineledger.forecast.engine.LiveDealStates;
import io.pipelineledger.forecast.projection.ForecastLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What forecasts are answered from, learned off the request path. "As of now": the latest model, learned in the
 * background at most every {@code relearnInterval} (when a fact changed since), applied to the deal states of the
 * current histories ({@link LiveDealStates}: only the deals a fact touched are replayed), so a new fact shows in the
 * states at once and in the model within the interval; the answer's provenance names the model's as-of. A past
 * as-of is exact: learned on the request and kept by (as-of, knownAt, the facts before the as-of, the settings).
 * An interval of zero relearns whenever a fact changed, before answering (what tests pinning numbers use). Plain
 * Java: the Spring service constructs and closes it.
 */
public final class LiveForecast implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveForecast.class);

    /** A model learned from one version of the read model. */
    public record Learned(ForecastModel model, long version, SalesProcess process, Instant asOf,
                          PreparedForecast prepared) {
    }

    /** What one answer is computed from: the engine, a model and the deal states as of {@code asOf}. */
    public static final class Prepared {
        private final ForecastEngine engine;
        private final ForecastModel model;
        private final DealStates states;
        private final Instant asOf;
        private final long version;
        private final DealHistories deals;
        private final PreparedForecast forecast;

        Prepared(ForecastEngine engine, ForecastModel model, DealStates states, Instant asOf, long version,
                 DealHistories deals, PreparedForecast forecast) {
            this.deals = deals;
            this.forecast = forecast;
            this.engine = engine;
            this.model = model;
            this.states = states;
            this.asOf = asOf;
            this.version = version;
        }

        public ForecastEngine engine() {
            return engine;
        }

        public ForecastModel model() {
            return model;
        }

        public DealStates states() {
            return states;
        }

        public Instant asOf() {
            return asOf;
        }

        /** The histories the states are from (after any knownAt cut): cohort learns its yields from them. */
        public DealHistories deals() {
            return deals;
        }

        /** Answers every method as of {@link #asOf} (auto's self-check and candidates included). */
        public PreparedForecast forecast() {
            return forecast;
        }

        /** The read model's version the states are from. */
        public long version() {
            return version;
        }
    }

    /** A past as-of's answers depend on nothing else (facts are only ever added). */
    private record PastKey(Instant asOf, Instant knownAt, long factsBefore, long settingsVersion) {
    }

    private final Supplier<ForecastLedger.View> views;
    private final Function<ForecastLedger.View, ForecastEngine> engines;
    private final Supplier<Instant> clock;
    private final BooleanSupplier ready;
    private final Duration relearnInterval;
    private final Duration nowReuse;
    private final LiveDealStates liveStates = new LiveDealStates();
    /** method=auto's self-check answers, shared by every as-of and version (most origins repeat). */
    private final SelfCheckCache selfChecks = new SelfCheckCache();
    private final Object learning = new Object();
    private final Map<PastKey, Prepared> past = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PastKey, Prepared> eldest) {
            return size() > 4;
        }
    };
    private volatile Learned learned;
    private volatile Prepared lastNow;
    private volatile long learnings;
    /** When the last learning finished (System.nanoTime) and how many facts it read. */
    private volatile long learnedAtNanos = System.nanoTime();
    private volatile long learnedFacts;
    /** The facts on record at the previous background tick (a bulk arrival has settled when it stops growing). */
    private long lastSeenFacts = -1;
    private ScheduledExecutorService background;

    /**
     * @param nowReuse how long an "as of now" preparation is reused (its instant too) while nothing changed, so a
     *                 dashboard polling every second is answered from the same states (and cached answers)
     */
    public LiveForecast(Supplier<ForecastLedger.View> views, Function<ForecastLedger.View, ForecastEngine> engines,
                        Supplier<Instant> clock, Duration relearnInterval, Duration nowReuse) {
        this(views, engines, clock, () -> true, relearnInterval, nowReuse);
    }

    /**
     * @param ready whether the read model has caught up with the stream: the background waits for it (a model
     *              learned from a read model still loading would be answered from for a whole interval)
     */
    public LiveForecast(Supplier<ForecastLedger.View> views, Function<ForecastLedger.View, ForecastEngine> engines,
                        Supplier<Instant> clock, BooleanSupplier ready, Duration relearnInterval,
                        Duration nowReuse) {
        this.views = views;
        this.ready = ready;
        this.engines = engines;
        this.clock = clock;
        this.relearnInterval = relearnInterval;
        this.nowReuse = nowReuse;
    }

    /** Starts relearning in the background every interval (nothing to start for an interval of zero). */
    public synchronized void start() {
        if (relearnInterval.isZero() || background != null) {
            return;
        }
        background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "forecast-relearn");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1); // requests come first on a small machine
            return t;
        });
        background.execute(this::tick);
    }

    /** One background turn: learn if the read model is ready and changed, then wait an interval (a second if not ready). */
    private void tick() {
        long delay = Math.max(1, relearnInterval.toMillis());
        try {
            if (!ready.getAsBoolean()) {
                delay = Math.min(delay, 1000);
            } else {
                long sinceLearned = System.nanoTime() - learnedAtNanos;
                if (learned == null || sinceLearned >= relearnInterval.toNanos() || grewMuch()) {
                    relearnIfChanged();
                    sinceLearned = 0;
                }
                // look again within a second for a bulk arrival, else when the interval is up
                delay = Math.max(1, Math.min(1000, relearnInterval.toMillis() - sinceLearned / 1_000_000));
            }
        } catch (RuntimeException e) {
            LOG.warn("relearning the forecast model failed", e);
        }
        synchronized (this) {
            if (background != null) {
                background.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Whether the facts on record grew by more than a tenth since the last learning and then stopped arriving for a
     * tick (a bulk import, the demo posted after the start, has settled): a model learned from much less history
     * than there is should not be answered from for a whole interval, and learning while the import still runs
     * would only be thrown away.
     */
    private boolean grewMuch() {
        long facts = views.get().deals().factCount();
        boolean settled = facts == lastSeenFacts;
        lastSeenFacts = facts;
        return settled && facts > learnedFacts + Math.max(100, learnedFacts / 10);
    }

    @Override
    public synchronized void close() {
        if (background != null) {
            background.shutdownNow();
            background = null;
        }
    }

    /** The latest model (null before the first learning). */
    public Learned learned() {
        return learned;
    }

    /** How many times a model was learned for "as of now" so far. */
    public long learnings() {
        return learnings;
    }

    /** How many deal replays the live states took so far (one per deal a fact touched, not per request). */
    public long statesReplayed() {
        return liveStates.replayed();
    }

    /** Learns from the current read model if it changed since the last learning; returns the latest model. */
    public Learned relearnIfChanged() {
        try {
            synchronized (learning) {
                ForecastLedger.View view = views.get();
                Learned current = learned;
                if (current != null && current.version() == view.version()) {
                    return current;
                }
                Instant at = clock.get();
                ForecastEngine engine = engines.apply(view);
                ForecastModel model = engine.learn(view.deals(), at);
                PreparedForecast prepared = PreparedForecast.learned(engine, view.deals(), at, model,
                        liveStates.at(view.deals(), at, view.process()), selfChecks);
                if (!relearnInterval.isZero()) {
                    warm(prepared);
                }
                Learned fresh = new Learned(model, view.version(), view.process(), at, prepared);
                learned = fresh;
                learnings++;
                learnedFacts = view.deals().factCount();
                learnedAtNanos = System.nanoTime();
                return fresh;
            }
        } catch (RuntimeException e) {
            LOG.warn("relearning the forecast model failed; the previous one stays in use", e);
            if (learned == null) {
                throw e;
            }
            return learned;
        }
    }

    /**
     * Everything a forecast "as of now" needs, without learning (except the first time, or after the process
     * changed, or always when the interval is zero and a fact arrived): the latest model and the states now.
     */
    public Prepared now() {
        ForecastLedger.View view = views.get();
        Learned model = learned;
        if (model == null || relearnInterval.isZero() || model.process() != view.process()) {
            model = relearnIfChanged();
        }
        Instant now = clock.get();
        Prepared last = lastNow;
        if (last != null && last.version() == view.version() && last.model() == model.model()
                && !last.asOf().plus(nowReuse).isBefore(now)) {
            return last;
        }
        DealStates states = liveStates.at(view.deals(), now, view.process());
        Prepared fresh = new Prepared(engines.apply(view), model.model(), states, now, view.version(), view.deals(),
                model.prepared().reapplied(now, states, view.deals()));
        lastNow = fresh;
        return fresh;
    }

    /** Everything a forecast as of {@code asOf} from the facts recorded before {@code knownAt} (null: all) needs. */
    public Prepared at(Instant asOf, Instant knownAt) {
        ForecastLedger.View view = views.get();
        DealHistories deals = knownAt == null ? view.deals() : view.deals().recordedBefore(knownAt);
        PastKey key = new PastKey(asOf, knownAt, deals.factsBefore(asOf), view.settingsVersion());
        synchronized (past) {
            Prepared cached = past.get(key);
            if (cached != null) {
                return cached;
            }
        }
        ForecastEngine engine = engines.apply(view);
        PreparedForecast prepared = PreparedForecast.prepare(engine, deals, asOf, selfChecks);
        Prepared fresh = new Prepared(engine, prepared.model(), prepared.states(), asOf, view.version(), deals,
                prepared);
        synchronized (past) {
            past.put(key, fresh);
        }
        return fresh;
    }

    /**
     * In the background, what method=auto asks for the current quarter and month (the candidates' models, cohort
     * yields, the self-checks), so that no request "as of now" learns. A failure leaves it to the first request.
     */
    private void warm(PreparedForecast prepared) {
        try {
            for (BusinessPeriod.Granularity g : List.of(BusinessPeriod.Granularity.QUARTER,
                    BusinessPeriod.Granularity.MONTH)) {
                BusinessPeriod current = BusinessPeriod.containing(prepared.asOf(), g);
                prepared.forecast(new ForecastRequest(current, prepared.asOf(), Grouping.ALL, Method.AUTO));
            }
        } catch (RuntimeException e) {
            LOG.warn("preparing method=auto in the background failed; the first request will", e);
        }
    }

    /** The self-check answers kept across as-ofs. */
    public SelfCheckCache selfChecks() {
        return selfChecks;
    }

    @Override
    public String toString() {
        return "LiveForecast[every " + relearnInterval + ", " + Objects.toString(learned) + "]";
    }
}
