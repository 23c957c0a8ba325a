package io.pipelineledger.query.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pipelineledger.query.api.FindDashboardQuery;
import io.pipelineledger.query.api.GroupBy;
import io.pipelineledger.query.api.LedgerChangedUpdate;
import io.pipelineledger.query.api.Views;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live dashboards, one per view: a view is computed once per (coalesced) update and shared by every subscriber
 * of it, instead of once per subscriber. A view's key is its query ({@link FindDashboardQuery}: the grouping and currency); every
 * caller with the stream's scope sees the same figures (scopes decide which endpoints a key may call, not which data
 * it sees), so callers share views. A view starts with its first subscriber and stops, its Axon subscription query
 * cancelled, when its last subscriber leaves.
 * <p>
 * Updates are sampled to at most one per {@code ledger.query.stream-interval}; when a computation takes longer, the
 * updates meanwhile collapse into the latest one. Computations run on a small scheduler of their own
 * ({@code ledger.query.stream-threads}, default half the cores), never on an event-loop thread. When the application
 * stops, every stream ends first, so open streams do not hold up a graceful shutdown.
 */
@Component
public class LiveDashboards implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveDashboards.class);

    private final QueryGateway queries;
    private final ObjectMapper json;
    private final Duration interval;
    private final Scheduler computing;
    private final MeterRegistry meters;
    private final Map<FindDashboardQuery, SharedView> views = new ConcurrentHashMap<>();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final Sinks.Empty<Void> closing = Sinks.empty();
    private volatile boolean running;

    public LiveDashboards(QueryGateway queries, ObjectMapper json, MeterRegistry meters,
                          @Value("${ledger.query.stream-interval:PT0.25S}") Duration interval,
                          @Value("${ledger.query.stream-threads:0}") int threads) {
        this.queries = queries;
        this.json = json;
        this.meters = meters;
        this.interval = interval;
        int size = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        this.computing = Schedulers.newBoundedElastic(size, 10_000, "live-views", 60, true);
        Gauge.builder("ledger.stream.views", views, Map::size)
                .description("live dashboard views being computed (one per distinct view with subscribers)")
                .register(meters);
        Gauge.builder("ledger.stream.subscribers", subscribers, AtomicInteger::get)
                .description("open live dashboard streams").register(meters);
    }

    /**
     * The view's figures now (the latest computed, at once when the view is already live), then whenever new
     * facts land; a subscriber that requests slowly skips to the newest figures. Never fails: a computation that
     * fails is logged and skipped; a failed subscription is renewed.
     */
    public Flux<LiveView> view(GroupBy groupBy) {
        return view(groupBy, null);
    }

    /** As {@link #view(GroupBy)}, amounts in {@code currency} (null: the reporting currency). */
    public Flux<LiveView> view(GroupBy groupBy, String currency) {
        FindDashboardQuery query = new FindDashboardQuery(groupBy, currency);
        return Flux.defer(() -> {
            SharedView shared = views.compute(query, (key, existing) -> {
                SharedView view = existing != null ? existing : new SharedView(key);
                view.subscribers++;
                return view;
            });
            subscribers.incrementAndGet();
            // per subscriber: one that reads slowly gets the newest view next, never a backlog or an overflow
            return shared.flux.onBackpressureLatest().takeUntilOther(closing()).doFinally(signal -> leave(shared));
        });
    }

    /**
     * Completes when the application stops: open streams end then, so a graceful shutdown need not wait for
     * them (a dashboard reconnects, to another instance or to this one restarted).
     */
    public Mono<Void> closing() {
        return closing.asMono();
    }

    /** How many times the view of this grouping was computed so far (each shared by all its subscribers). */
    public double computations(GroupBy groupBy) {
        return counter(groupBy).count();
    }

    private void leave(SharedView shared) {
        subscribers.decrementAndGet();
        views.computeIfPresent(shared.query, (key, view) -> view != shared || --view.subscribers > 0 ? view : null);
    }

    private Flux<LiveView> source(FindDashboardQuery query) {
        Counter computed = counter(query.groupBy());
        Timer timer = Timer.builder("ledger.stream.computation")
                .description("time to compute and serialize one live dashboard view")
                .tag("groupBy", query.groupBy().parameter()).register(meters);
        return Flux.using(
                        () -> queries.subscriptionQuery(query, ResponseTypes.instanceOf(Views.DashboardView.class),
                                ResponseTypes.instanceOf(LedgerChangedUpdate.class)),
                        result -> Flux.concat(
                                result.initialResult().map(view -> serialized(view, computed))
                                        .onErrorResume(e -> skipped(query, e)),
                                result.updates()
                                        .onBackpressureLatest()
                                        .sample(interval)
                                        // a computation still running: keep only the newest update for the next
                                        .onBackpressureLatest()
                                        .concatMap(changed -> compute(query, computed, timer), 0)),
                        SubscriptionQueryResult::cancel)
                .subscribeOn(computing)
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofSeconds(1))
                        .doBeforeRetry(signal -> log.warn("Live view {} failed, subscribing again: {}",
                                query.groupBy().parameter(), signal.failure().toString())));
    }

    private Mono<LiveView> compute(FindDashboardQuery query, Counter computed, Timer timer) {
        return Mono.fromCallable(() -> timer.recordCallable(
                        () -> serialized(queries.query(query, Views.DashboardView.class).join(), computed)))
                .subscribeOn(computing)
                .onErrorResume(e -> skipped(query, e));
    }

    private LiveView serialized(Views.DashboardView view, Counter computed) {
        computed.increment();
        try {
            return new LiveView(view.factsApplied(), json.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(view));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dashboard view not serializable", e);
        }
    }

    private static Mono<LiveView> skipped(FindDashboardQuery query, Throwable e) {
        log.warn("Live view {} not computed, skipped until the next update", query.groupBy().parameter(), e);
        return Mono.empty();
    }

    private Counter counter(GroupBy groupBy) {
        return Counter.builder("ledger.stream.computations")
                .description("live dashboard views computed (once per update and view, shared by its subscribers)")
                .tag("groupBy", groupBy.parameter()).register(meters);
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every open stream, before the web server's graceful shutdown waits for open requests. */
    @Override
    public void stop() {
        running = false;
        closing.tryEmitEmpty();
        computing.dispose();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    /** One view's shared stream: the latest figures replayed to each newcomer; counted under the map's lock. */
    private final class SharedView {
        final FindDashboardQuery query;
        final Flux<LiveView> flux;
        int subscribers;

        SharedView(FindDashboardQuery query) {
            this.query = query;
            this.flux = source(query).replay(1).refCount();
        }
    }
}
