package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod.Granularity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the engine learned as of one instant, ready to answer any period, grouping, method and currency of
 * that as-of without reading a fact again: what a service computes in the background and keeps. Immutable and
 * thread-safe (what is computed on first use is kept).
 */
public final class PreparedForecast {

    private final ForecastEngine engine;
    private final DealHistories deals;
    private final Instant asOf;
    private final ForecastModel model;
    private final DealStates states;
    private final SelfCheckCache cache;
    private final List<Candidate> candidates;
    private final Map<Granularity, SelfCheck.Result> selfChecks = new ConcurrentHashMap<>();
    private final Map<ForecastSettings, ForecastModel> models = new ConcurrentHashMap<>();
    /** Cohort yields by window length in seconds, learned on first use. */
    private final ConcurrentHashMap<Long, CohortYield> cohorts = new ConcurrentHashMap<>();
    /**
     * Where the models, cohort yields and self-checks come from: this one, or (after {@link #reapplied}) the
     * preparation learned earlier whose learning is applied to later deal states.
     */
    private final PreparedForecast learned;

    private PreparedForecast(ForecastEngine engine, DealHistories deals, Instant asOf, ForecastModel model,
                             DealStates states, SelfCheckCache cache, PreparedForecast learned) {
        this.learned = learned == null ? this : learned;
        this.engine = engine;
        this.deals = deals;
        this.asOf = asOf;
        this.model = model;
        this.states = states;
        this.cache = cache;
        this.candidates = Candidate.of(engine);
        models.put(engine.settings(), model);
    }

    /** Learns as of {@code asOf} from {@code deals} (the heavy part: every fact read). */
    static PreparedForecast prepare(ForecastEngine engine, DealHistories deals, Instant asOf) {
        return prepare(engine, deals, asOf, new SelfCheckCache());
    }

    /** The same, its self-checks reusing and filling {@code cache} (share one across as-ofs: most origins repeat). */
    public static PreparedForecast prepare(ForecastEngine engine, DealHistories deals, Instant asOf,
                                           SelfCheckCache cache) {
        return of(engine, deals, asOf, engine.learn(deals, asOf), engine.states(deals, asOf), cache);
    }

    /** From what is already learned as of {@code asOf} (the engine's model and the deal states then). */
    static PreparedForecast of(ForecastEngine engine, DealHistories deals, Instant asOf, ForecastModel model,
                               DealStates states, SelfCheckCache cache) {
        return new PreparedForecast(engine, deals, asOf, model, states, cache, null);
    }

    /** From what is already learned as of {@code asOf} (the engine's model and the deal states then). */
    public static PreparedForecast learned(ForecastEngine engine, DealHistories deals, Instant asOf,
                                           ForecastModel model, DealStates states, SelfCheckCache cache) {
        return of(engine, deals, asOf, model, states, cache);
    }

    /**
     * What this learned, applied to the deal states as of a later instant: answers as of {@code laterAsOf} that
     * learn nothing (every model, cohort yield and self-check is this preparation's, learned as of {@link #asOf};
     * provenance says so in modelAsOf).
     */
    public PreparedForecast reapplied(Instant laterAsOf, DealStates laterStates, DealHistories laterDeals) {
        return new PreparedForecast(engine, laterDeals, laterAsOf, learned.model, laterStates, cache, learned);
    }

    /** The instant models, yields and self-checks were learned as of ({@link #asOf} unless reapplied). */
    public Instant learnedAsOf() {
        return learned.asOf;
    }

    /** The forecast of the request (its as-of must be this one's). */
    public Forecast forecast(ForecastRequest request) {
        check(request);
        if (request.method() == Method.AUTO) {
            return auto(request).forecast();
        }
        if (request.method() == Method.COHORT) {
            return engine.forecast(request, cohort(request), states);
        }
        return engine.forecast(request, model, states);
    }

    /**
     * The terms behind one group's number (its as-of must be this one's). For {@link Method#AUTO}: auto's numbers
     * and provenance, with the deal terms of its best-weighted learned candidate.
     */
    public Explanation explain(ForecastRequest request, String group) {
        check(request);
        if (request.method() == Method.AUTO) {
            AutoForecast.Answer answer = auto(request);
            Explanation terms = answer.best().engine().explain(new ForecastRequest(request.period(), asOf,
                    request.groupBy(), answer.best().method(), request.currency()), group, answer.bestModel(), states);
            return new Explanation(answer.forecast().group(group).orElse(null), terms.wonAmountRatio(), terms.deals(),
                    terms.newDeals(), answer.forecast().provenance(), terms.currency(), terms.warnings());
        }
        if (request.method() == Method.COHORT) {
            return engine.explain(request, group, cohort(request), states);
        }
        return engine.explain(request, group, model, states);
    }

    /** The self-check for periods of {@code granularity}, run on first use (facts before as-of only) and kept. */
    public SelfCheck.Result selfCheck(Granularity granularity) {
        if (learned != this) {
            return learned.selfCheck(granularity);
        }
        return selfChecks.computeIfAbsent(granularity,
                g -> SelfCheck.run(engine, candidates, deals, asOf, g, cache));
    }

    private AutoForecast.Answer auto(ForecastRequest request) {
        SelfCheck.Result check = selfCheck(request.period().granularity());
        return AutoForecast.forecast(engine, request, check, this::model, c -> candidate(c, request), states,
                SelfCheck.firstFactAt(deals));
    }

    /** A candidate's forecast of the request at this as-of (models and cohort yields learned once, kept). */
    private Forecast candidate(Candidate candidate, ForecastRequest request) {
        ForecastRequest asked = new ForecastRequest(request.period(), asOf, request.groupBy(), candidate.method(),
                request.currency());
        return switch (candidate.method()) {
            case COHORT -> candidate.engine().forecast(asked, cohort(asked), states);
            case RUN_RATE -> candidate.engine().forecast(asked, (ForecastModel) null, states);
            default -> candidate.engine().forecast(asked, model(candidate), states);
        };
    }

    /** A candidate's model as of this as-of (learned once per settings). */
    private ForecastModel model(Candidate candidate) {
        if (learned != this) {
            return learned.model(candidate);
        }
        return models.computeIfAbsent(candidate.engine().settings(), s -> candidate.engine().learn(deals, asOf));
    }

    /** The cohort yields for the request's window length (the period after as-of), learned once and kept. */
    public CohortYield cohort(ForecastRequest request) {
        check(request);
        if (learned != this && learned.asOf.isBefore(request.period().end())) {
            // the yields learned for the same period then (its window a little longer)
            return learned.cohort(new ForecastRequest(request.period(), learned.asOf, request.groupBy(),
                    request.method(), request.currency()));
        }
        return cohorts.computeIfAbsent(CohortYield.windowSeconds(request.period(), asOf),
                seconds -> engine.learnCohort(deals, states, asOf, seconds));
    }

    private void check(ForecastRequest request) {
        if (!Objects.equals(request.asOf(), asOf)) {
            throw new IllegalArgumentException("prepared as of " + asOf + ", asked as of " + request.asOf());
        }
    }

    public ForecastEngine engine() {
        return engine;
    }

    /** The histories it learned from (after any knownAt cut). */
    public DealHistories deals() {
        return deals;
    }

    public Instant asOf() {
        return asOf;
    }

    public ForecastModel model() {
        return model;
    }

    public DealStates states() {
        return states;
    }
}
