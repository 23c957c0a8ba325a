package io.pipelineledger.forecast.forecast;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.forecast.engine.Backtest;
import io.pipelineledger.forecast.engine.BacktestPoints;
import io.pipelineledger.forecast.engine.DealHistories;
import io.pipelineledger.forecast.engine.Explanation;
import io.pipelineledger.forecast.engine.Forecast;
import io.pipelineledger.forecast.engine.ForecastEngine;
import io.pipelineledger.forecast.engine.ForecastRequest;
import io.pipelineledger.forecast.engine.ForecastSettings;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.KnownAt;
import io.pipelineledger.forecast.engine.Method;
import io.pipelineledger.forecast.engine.PreparedForecast;
import io.pipelineledger.forecast.engine.SelfCheckCache;
import io.pipelineledger.forecast.projection.ForecastLedger;
import io.pipelineledger.forecast.projection.ForecastProjection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pipelineledger.events.stream.KafkaEventSource;
import org.axonframework.config.EventProcessingConfiguration;
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

/**
 * Answers forecasts from the forecast read model with the engine, reusing what it learned: the model and the deal
 * states for an as-of instant are kept (a few of them) until the read model changes. A forecast "as of now" reuses
 * the last one's instant for up to {@code ledger.forecast.now-reuse} while nothing changed, so a dashboard polling
 * every second does not relearn every second; the answer's provenance names the instant it was computed for.
 */
@Service
public class ForecastService {

    /** What a forecast as of one instant is computed from. */
    private record Prepared(ForecastLedger.View view, PreparedForecast forecast, Instant asOf) {
    }

    private record Key(long version, Instant asOf, Instant knownAt) {
    }

    private final ForecastLedger ledger;
    private final EventProcessingConfiguration processing;
    /** The event topic in the three-service mode; null in one process. */
    private final KafkaEventSource topic;
    private final ForecastSettings settings;
    private final String reportingCurrency;
    private final Clock clock;
    private final Duration nowReuse;
    private final Timer latency;
    private final Map<Key, Prepared> prepared = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Prepared> eldest) {
            return size() > 8;
        }
    };
    private final Map<String, Backtest.Report> backtests = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Backtest.Report> eldest) {
            return size() > 8;
        }
    };
    private Prepared lastNow;
    /** method=auto's self-check answers, shared by every as-of and version (most origins repeat). */
    private final SelfCheckCache selfChecks = new SelfCheckCache();

    public ForecastService(ForecastLedger ledger, EventProcessingConfiguration processing, ForecastSettings settings,
                           Clock clock, MeterRegistry meters,
                           @Value("${ledger.forecast.now-reuse:PT1M}") Duration nowReuse,
                           ObjectProvider<KafkaEventSource> topic,
                           @Value("${ledger.reporting-currency:USD}") String reportingCurrency) {
        this.ledger = ledger;
        this.reportingCurrency = reportingCurrency;
        this.topic = topic.getIfAvailable();
        this.processing = processing;
        this.settings = settings;
        this.clock = clock;
        this.nowReuse = nowReuse;
        this.latency = Timer.builder("ledger.forecast.latency")
                .description("Computing a forecast, an explanation or a backtest")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
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
            Prepared p = prepare(asOf, knownAt);
            return p.forecast().forecast(new ForecastRequest(period, p.asOf(), groupBy, method, currency));
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
            Prepared p = prepare(asOf, knownAt);
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

    /** The backtest in {@code currency}, each period forecast as of its {@code points}, reading per {@code knownAt}. */
    public Backtest.Report backtest(BusinessPeriod from, BusinessPeriod to, Grouping groupBy, List<Method> methods,
                                    String currency, KnownAt knownAt, BacktestPoints points) {
        return latency.record(() -> {
            ForecastLedger.View view = ledger.view();
            // a cached report of the current period turns stale when it ends, even if nothing else changed
            String key = view.version() + "|" + from.key() + "|" + to.key() + "|" + groupBy + "|" + methods + "|"
                    + currency + "|" + Backtest.isComplete(to, now()) + "|" + knownAt + "|" + points;
            synchronized (backtests) {
                Backtest.Report cached = backtests.get(key);
                if (cached != null) {
                    return cached;
                }
            }
            Instant asked = now();
            Backtest.Report report = Backtest.run(engine(view), view.deals(), from, to, groupBy, methods, asked,
                    currency, knownAt == null ? KnownAt.at(asked) : knownAt, points, selfChecks);
            synchronized (backtests) {
                backtests.put(key, report);
            }
            return report;
        });
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

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private ForecastEngine engine(ForecastLedger.View view) {
        return new ForecastEngine(view.process(), settings, view.rates(), reportingCurrency);
    }

    private Prepared prepare(Instant asOf, Instant knownAt) {
        ForecastLedger.View view = ledger.view();
        if (knownAt != null) {
            return prepare(view, asOf == null ? now() : asOf, knownAt);
        }
        if (asOf == null) {
            synchronized (this) {
                Prepared last = lastNow;
                if (last != null && last.view().version() == view.version()
                        && !last.asOf().plus(nowReuse).isBefore(now())) {
                    return last;
                }
            }
            Prepared fresh = prepare(view, now(), null);
            synchronized (this) {
                lastNow = fresh;
            }
            return fresh;
        }
        return prepare(view, asOf, null);
    }

    /** The histories a prepared forecast read (cohort learns its yields from them). */
    private Prepared prepare(ForecastLedger.View view, Instant asOf, Instant knownAt) {
        Key key = new Key(view.version(), asOf, knownAt);
        synchronized (prepared) {
            Prepared cached = prepared.get(key);
            if (cached != null) {
                return cached;
            }
        }
        ForecastEngine engine = engine(view);
        DealHistories deals = knownAt == null ? view.deals() : view.deals().recordedBefore(knownAt);
        Prepared fresh = new Prepared(view, PreparedForecast.prepare(engine, deals, asOf, selfChecks), asOf);
        synchronized (prepared) {
            prepared.put(key, fresh);
        }
        return fresh;
    }
}
