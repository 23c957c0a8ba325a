package io.pipelineledger.query.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelineledger.events.OpportunityEvent;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.query.GeneratedFacts;
import io.pipelineledger.query.api.FindDashboardQuery;
import io.pipelineledger.query.api.GroupBy;
import io.pipelineledger.query.api.LedgerChangedUpdate;
import io.pipelineledger.query.model.DealLedger;
import io.pipelineledger.query.model.QueryExchangeRates;
import io.pipelineledger.query.projection.StageMetricsQueryHandler;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared live views over the real read model and Axon's own query bus and update emitter (as the projection
 * emits): one computation per update for all subscribers of a view, the newest view for a slow subscriber, and the
 * view (with its Axon subscription) gone when its last subscriber leaves.
 */
class LiveDashboardsTest {

    private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final DealLedger ledger = new DealLedger();
    private final SimpleQueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Map<String, Long> sequences = new HashMap<>();
    private List<CrmEvent> history;
    private int applied;
    private LiveDashboards dashboards;

    @BeforeEach
    void readModel() {
        history = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(5, 6, 1,
                END.minus(200, ChronoUnit.DAYS), END, 3.0, 0.05, 0.05)).events();
        applyFacts(history.size() / 2);
        SimpleQueryBus bus = SimpleQueryBus.builder().queryUpdateEmitter(emitter).build();
        new AnnotationQueryHandlerAdapter<>(new StageMetricsQueryHandler(ledger, new QueryExchangeRates("USD"),
                Clock.systemUTC())).subscribe(bus);
        dashboards = new LiveDashboards(DefaultQueryGateway.builder().queryBus(bus).build(), JSON, meters,
                Duration.ofMillis(20), 1);
        dashboards.start();
    }

    @AfterEach
    void stop() {
        dashboards.stop();
    }

    @Test
    void everySubscriberOfAViewSharesOneComputationPerUpdate() throws Exception {
        List<List<LiveView>> received = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
                new CopyOnWriteArrayList<>());
        var subscriptions = received.stream().map(list -> dashboards.view(GroupBy.TEAM).subscribe(list::add))
                .toList();
        await(() -> received.stream().allMatch(list -> list.size() == 1));
        assertThat(dashboards.computations(GroupBy.TEAM)).as("the first figures, once for three").isEqualTo(1);

        applyFacts(5);
        changed();
        await(() -> received.stream().allMatch(list -> list.size() == 2));
        assertThat(dashboards.computations(GroupBy.TEAM)).as("one update, computed once for three").isEqualTo(2);
        for (List<LiveView> views : received) {
            assertThat(views.get(1).factsApplied()).isEqualTo(ledger.factsApplied());
            assertThat(views.get(1).json()).isSameAs(received.get(0).get(1).json());
        }
        JsonNode update = JSON.readTree(received.get(0).get(1).json());
        assertThat(update.get("factsApplied").asLong()).isEqualTo(ledger.factsApplied());
        assertThat(update.get("pipeline").get("groupBy").asText()).isEqualTo("team");
        assertThat(dashboards.computations(GroupBy.ALL)).as("another view, not subscribed to").isZero();
        subscriptions.forEach(reactor.core.Disposable::dispose);
    }

    @Test
    void aSlowSubscriberGetsTheNewestViewNotABacklog() throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<LiveView> received = new CopyOnWriteArrayList<>();
        BaseSubscriber<LiveView> slow = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1);
            }

            @Override
            protected void hookOnNext(LiveView view) {
                received.add(view);
            }

            @Override
            protected void hookOnError(Throwable e) {
                failed.set(e);
            }
        };
        dashboards.view(GroupBy.ALL).subscribe(slow);
        AtomicReference<LiveView> fast = new AtomicReference<>();
        var fastStream = dashboards.view(GroupBy.ALL).subscribe(fast::set);
        await(() -> received.size() == 1);
        // ten updates, each computed, while the subscriber asks for nothing
        for (int i = 1; i <= 10; i++) {
            applyFacts(3);
            changed();
            double computed = i + 1;
            await(() -> dashboards.computations(GroupBy.ALL) == computed);
        }
        // the newest view delivered (to a fast subscriber of the same view, so to the slow one's latest slot too)
        await(() -> fast.get() != null && fast.get().factsApplied() == ledger.factsApplied());
        Thread.sleep(50);
        slow.request(5);
        await(() -> received.size() == 2);
        Thread.sleep(100);
        assertThat(failed.get()).as("the slow stream's failure").isNull();
        assertThat(received).as("the first figures, then only the newest").hasSize(2);
        assertThat(received.get(1).factsApplied()).isEqualTo(ledger.factsApplied());

        applyFacts(3);
        changed();
        await(() -> received.size() == 3);
        assertThat(received.get(2).factsApplied()).isEqualTo(ledger.factsApplied());
        slow.dispose();
        fastStream.dispose();
    }

    @Test
    void theViewStopsWithItsLastSubscriber() throws Exception {
        var first = dashboards.view(GroupBy.REP).subscribe();
        var second = dashboards.view(GroupBy.REP).subscribe();
        await(() -> emitter.activeSubscriptions().size() == 1);
        assertThat(meters.get("ledger.stream.views").gauge().value()).isEqualTo(1);
        assertThat(meters.get("ledger.stream.subscribers").gauge().value()).isEqualTo(2);

        first.dispose();
        assertThat(emitter.activeSubscriptions()).as("still one subscriber").hasSize(1);
        second.dispose();
        await(() -> emitter.activeSubscriptions().isEmpty());
        assertThat(meters.get("ledger.stream.views").gauge().value()).isZero();
        assertThat(meters.get("ledger.stream.subscribers").gauge().value()).isZero();

        // a newcomer starts the view again, with the current figures
        applyFacts(2);
        List<LiveView> again = new CopyOnWriteArrayList<>();
        var third = dashboards.view(GroupBy.REP).subscribe(again::add);
        await(() -> again.size() == 1);
        assertThat(again.get(0).factsApplied()).isEqualTo(ledger.factsApplied());
        third.dispose();
    }

    @Test
    void streamsEndWhenTheApplicationStops() throws Exception {
        AtomicReference<String> ended = new AtomicReference<>();
        var stream = dashboards.view(GroupBy.ALL).subscribe(view -> {
        }, e -> ended.set("failed: " + e), () -> ended.set("completed"));
        await(() -> emitter.activeSubscriptions().size() == 1);
        dashboards.stop();
        await(() -> ended.get() != null);
        assertThat(ended.get()).isEqualTo("completed");
        await(() -> emitter.activeSubscriptions().isEmpty());
        assertThat(stream.isDisposed()).isTrue();
    }

    private void applyFacts(int count) {
        for (int n = 0; n < count && applied < history.size(); applied++) {
            CrmEvent e = history.get(applied);
            long sequence = sequences.merge(e.opportunityId(), 1L, Long::sum) - 1;
            OpportunityEvent fact = GeneratedFacts.fact(e);
            if (fact != null && ledger.apply(fact, sequence)) {
                n++;
            }
        }
    }

    /** What the projection emits after each committed batch. */
    private void changed() {
        emitter.emit(FindDashboardQuery.class, query -> true,
                new LedgerChangedUpdate(ledger.factsApplied(), ledger.dealCount()));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
