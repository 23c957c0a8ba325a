package io.pipelineledger.forecast.forecast;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.forecast.engine.Backtest;
import io.pipelineledger.forecast.engine.BacktestPoints;
import io.pipelineledger.forecast.engine.Explanation;
import io.pipelineledger.forecast.engine.Forecast;
import io.pipelineledger.forecast.engine.ForecastEngine;
import io.pipelineledger.forecast.engine.ForecastRequest;
import io.pipelineledger.forecast.engine.ForecastSettings;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.KnownAt;
import io.pipelineledger.forecast.engine.Method;
import io.pipelineledger.forecast.projection.ForecastLedger;
import io.pipelineledger.forecast.projection.ForecastProjection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pipelineledger.events.stream.KafkaEventSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Answers forecasts from the forecast read model with the engine, learning off the request path ({@link
 * LiveForecast}): "as of now" applies the latest model, learned in the background at most every
 * {@code ledger.forecast.relearn-interval}, to the deal states now (a new fact shows in them at once); a past
 * as-of is learned exactly and kept. An answer "as of now" is kept while nothing changed (for up to
 * {@code ledger.forecast.now-reuse}, the instant it names). A backtest is kept and, once facts changed, answered
 * from the kept report while a fresh one is computed in the background (stale-while-revalidate).
 */
@Service
public class ForecastService implements DisposableBean {

    /** One answer of one preparation (identity: a new preparation never reuses another's answers). */
    private record AnswerKey(LiveForecast.Prepared prepared, String period, Grouping groupBy, Method method,
                             String currency) {
    }

    /** A kept backtest and the read model's version it was computed from. */
    private record KeptBacktest(Backtest.Report report, long version, Instant computedAt) {
    }

    private final ForecastLedger ledger;
    private final EventProcessingConfiguration processing;
    /** The event topic in the three-service mode; null in one process. */
    private final KafkaEventSource topic;
    private final ForecastSettings settings;
    private final String reportingCurrency;
    private final Clock clock;
    private final Duration relearnInterval;
    private final LiveForecast live;
    private final Timer latency;
    private final Map<AnswerKey, Forecast> answers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<AnswerKey, Forecast> eldest) {
            return size() > 32;
        }
    };
    private final Map<String, KeptBacktest> backtests = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KeptBacktest> eldest) {
            return size() > 8;
        }
    };
    /** Backtests being recomputed in the background (one at a time per key). */
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final ExecutorService backtestRefresh = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "forecast-backtest-refresh");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        return t;
    });

    public ForecastService(ForecastLedger ledger, EventProcessingConfiguration processing, ForecastSettings settings,
                           Clock clock, MeterRegistry meters,
                           @Value("${ledger.forecast.now-reuse:PT1M}") Duration nowReuse,
                           ObjectProvider<KafkaEventSource> topic,
                           @Value("${ledger.reporting-currency:USD}") String reportingCurrency,
                           @Value("${ledger.forecast.relearn-interval:PT1M}") Duration relearnInterval) {
        this.ledger = ledger;
        this.reportingCurrency = reportingCurrency;
        this.topic = topic.getIfAvailable();
        this.processing = processing;
        this.settings = settings;
        this.clock = clock;
        this.relearnInterval = relearnInterval;
        this.live = new LiveForecast(ledger::view, this::engine, this::now, this::readySafely, relearnInterval,
                nowReuse);
        this.latency = Timer.builder("ledger.forecast.latency")
                .description("Computing a forecast, an explanation or a backtest")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        live.start();
    }

    @Override
    public void destroy() {
        live.close();
        backtestRefresh.shutdownNow();
    }

    /** The model learning behind "as of now" (tests and benchmarks read its counters). */
    public LiveForecast live() {
        return live;
    }

    /** The currency answers are in unless a request asks for another ({@code ledger.reporting-currency}). */
    public String reportingCurrency() {
        return reportingCurrency;
    }

    /** The forecast of a period as of an instant (null: now), in the reporting currency. */
    public Forecast forecast(BusinessPeriod period, Instant asOf, Grouping groupBy, Method method) {
        return forecast(period, asOf, groupBy, method, null);
    }

    /** The forecast of a period as of an instant (null: now), in {@code currency} (null: the reporting one). */
    public Forecast forecast(BusinessPeriod period, Instant asOf, Grouping groupBy, Method method, String currency) {
        return forecast(period, asOf, null, groupBy, method, currency);
    }

    /**
     * The forecast of a period as of an instant (null: now) from the facts recorded before {@code knownAt} (null:
     * every fact on record), in {@code currency} (null: the reporting one).
     */
    public Forecast forecast(BusinessPeriod period, Instant asOf, Instant knownAt, Grouping groupBy, Method method,
                             String currency) {
        return latency.record(() -> {
            LiveForecast.Prepared p = prepare(asOf, knownAt);
            AnswerKey key = new AnswerKey(p, period.key(), groupBy, method, currency);
            synchronized (answers) {
                Forecast kept = answers.get(key);
                if (kept != null) {
                    return kept;
                }
            }
            Forecast answer = p.forecast().forecast(new ForecastRequest(period, p.asOf(), groupBy, method, currency));
            synchronized (answers) {
                answers.put(key, answer);
            }
            return answer;
        });
    }

    /** The terms behind one group's number, in the reporting currency; empty when the group has none. */
    public Optional<Explanation> explain(BusinessPeriod period, Instant asOf, Grouping groupBy, Method method,
                                         String group) {
        return explain(period, asOf, groupBy, method, group, null);
    }

    /** The terms behind one group's number in {@code currency} (null: the reporting one); empty without it. */
    public Optional<Explanation> explain(BusinessPeriod period, Instant asOf, Grouping groupBy, Method method,
                                         String group, String currency) {
        return explain(period, asOf, null, groupBy, method, group, currency);
    }

    /** The terms behind one group's number from the facts recorded before {@code knownAt} (null: all). */
    public Optional<Explanation> explain(BusinessPeriod period, Instant asOf, Instant knownAt, Grouping groupBy,
                                         Method method, String group, String currency) {
        return latency.record(() -> {
            LiveForecast.Prepared p = prepare(asOf, knownAt);
            ForecastRequest request = new ForecastRequest(period, p.asOf(), groupBy, method, currency);
            // the explanation carries the group's numbers: none means no such group (one simulation, not two)
            Explanation explanation = p.forecast().explain(request, group);
            return explanation.forecast() == null ? Optional.<Explanation>empty() : Optional.of(explanation);
        });
    }

    /** Each period from {@code from} to {@code to}, forecast as of its start, against what was won in it. */
    public Backtest.Report backtest(BusinessPeriod from, BusinessPeriod to, Grouping groupBy, List<Method> methods) {
        return backtest(from, to, groupBy, methods, null);
    }

    /** The backtest in {@code currency} (null: the reporting one), every fact on record read at every origin. */
    public Backtest.Report backtest(BusinessPeriod from, BusinessPeriod to, Grouping groupBy, List<Method> methods,
                                    String currency) {
        return backtest(from, to, groupBy, methods, currency, null, BacktestPoints.START);
    }

    /**
     * The backtest in {@code currency} (null: the reporting one); each origin's forecast reads the facts
     * {@code knownAt} gives it ({@link KnownAt#EACH_ORIGIN}: what the ledger had recorded by then; null: every
     * fact on record now, today's hindsight).
     */
    public Backtest.Report backtest(BusinessPeriod from, BusinessPeriod to, Grouping groupBy, List<Method> methods,
                                    String currency, KnownAt knownAt) {
        return backtest(from, to, groupBy, methods, currency, knownAt, BacktestPoints.START);
    }

    /**
     * The backtest in {@code currency}, each period forecast as of its {@code points}, reading per {@code knownAt}.
     * Kept: once facts changed, the kept report answers while a fresh one is computed in the background.
     */
    public Backtest.Report backtest(BusinessPeriod from, BusinessPeriod to, Grouping groupBy, List<Method> methods,
                                    String currency, KnownAt knownAt, BacktestPoints points) {
        return latency.record(() -> {
            ForecastLedger.View view = ledger.view();
            String key = backtestKey(from, to, groupBy, methods, currency, knownAt, points);
            KeptBacktest kept;
            synchronized (backtests) {
                kept = backtests.get(key);
            }
            if (kept != null && kept.version() == view.version()) {
                return kept.report();
            }
            if (kept != null && !relearnInterval.isZero()) {
                // facts arrived: answer what was computed (a few facts move a backtest little) and recompute
                if (refreshing.add(key)) {
                    backtestRefresh.execute(() -> {
                        try {
                            computeBacktest(key, from, to, groupBy, methods, currency, knownAt, points);
                        } finally {
                            refreshing.remove(key);
                        }
                    });
                }
                return kept.report();
            }
            return computeBacktest(key, from, to, groupBy, methods, currency, knownAt, points);
        });
    }

    /** How long ago the kept backtest of these arguments was computed (null: none kept). */
    public Duration backtestAge(BusinessPeriod from, BusinessPeriod to, Grouping groupBy, List<Method> methods,
                                String currency, KnownAt knownAt, BacktestPoints points) {
        String key = backtestKey(from, to, groupBy, methods, currency, knownAt, points);
        synchronized (backtests) {
            KeptBacktest kept = backtests.get(key);
            return kept == null ? null : Duration.between(kept.computedAt(), now());
        }
    }

    /** A kept report of the current period turns stale when it ends, even if nothing else changed. */
    private String backtestKey(BusinessPeriod from, BusinessPeriod to, Grouping groupBy, List<Method> methods,
                               String currency, KnownAt knownAt, BacktestPoints points) {
        return from.key() + "|" + to.key() + "|" + groupBy + "|" + methods + "|" + currency + "|"
                + Backtest.isComplete(to, now()) + "|" + knownAt + "|" + points;
    }

    private Backtest.Report computeBacktest(String key, BusinessPeriod from, BusinessPeriod to, Grouping groupBy,
                                            List<Method> methods, String currency, KnownAt knownAt,
                                            BacktestPoints points) {
        ForecastLedger.View view = ledger.view();
        Instant at = now();
        Backtest.Report report = Backtest.run(engine(view), view.deals(), from, to, groupBy, methods, at, currency,
                knownAt == null ? KnownAt.at(at) : knownAt, points, live.selfChecks());
        synchronized (backtests) {
            KeptBacktest kept = backtests.get(key);
            if (kept == null || kept.version() <= view.version()) {
                backtests.put(key, new KeptBacktest(report, view.version(), at));
            }
        }
        return report;
    }

    /**
     * Whether the forecast's processor has read the event stream up to its head at least once since the start (its
     * read model is in memory: loaded from its snapshot, then the events since read): before that a forecast would
     * leave deals out.
     */
    public boolean ready() {
        if (topic != null) {
            return topic.status().ready();
        }
        return processing.eventProcessor(ForecastProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(p -> !p.processingStatus().isEmpty()
                        && p.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp))
                .orElse(true);
    }

    /** {@link #ready}, false while the processors are not yet there (the background asks from the start). */
    private boolean readySafely() {
        try {
            return ready();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private ForecastEngine engine(ForecastLedger.View view) {
        return new ForecastEngine(view.process(), settings, view.rates(), reportingCurrency);
    }

    private LiveForecast.Prepared prepare(Instant asOf, Instant knownAt) {
        if (asOf == null && knownAt == null) {
            return live.now();
        }
        return live.at(asOf == null ? now() : asOf, knownAt);
    }
}
