package io.pipelineledger.embedded;

import io.micrometer.core.instrument.MeterRegistry;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.embedded.support.LedgerClient;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many live dashboards at once, through the real HTTP app: 200 streams on two views while 10 facts a second land for
 * 10 s. Every stream stays open and ends on the latest figures, and each view is computed once per update, not once
 * per subscriber (before, each subscriber recomputed its view, fell behind and lost its stream to an overflow).
 */
@SpringBootTest(classes = PipelineLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveStreamSharingTest {

    private static final int SUBSCRIBERS = 200;
    private static final int FACTS_PER_SECOND = 10;
    private static final int SECONDS = 10;
    private static final Duration INTERVAL = Duration.ofMillis(250); // ledger.query.stream-interval's default

    @Autowired
    WebTestClient web;
    @Autowired
    MeterRegistry meters;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("ledger-live-streams").toString();
        registry.add("ledger.data-dir", () -> data);
    }

    @Test
    void everyStreamStaysOpenAndEachViewIsComputedOncePerUpdate() throws Exception {
        LedgerClient ledger = new LedgerClient(web);
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        // a read model big enough that a dashboard takes real work to compute
        ledger.post(new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(13, 40, 2,
                end.minus(365, ChronoUnit.DAYS), end, 3.0, 0.05, 0.05)).events(), 2_000);
        ledger.awaitProjections();

        ConnectionProvider connections = ConnectionProvider.builder("live-streams")
                .maxConnections(SUBSCRIBERS + 10).pendingAcquireMaxCount(-1).build();
        WebClient client = WebClient.builder().baseUrl("http://localhost:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
                .defaultHeader(TestKeys.HEADER, TestKeys.ADMIN).build();
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            subscribers.add(new Subscriber(client, i % 2 == 0 ? "rep" : "all"));
        }
        try {
            await(Duration.ofSeconds(30), () -> "every stream's snapshot",
                    () -> subscribers.stream().allMatch(s -> s.events.get() > 0));
            assertThat(gauge("ledger.stream.views")).as("one live view per grouping").isEqualTo(2);
            assertThat(gauge("ledger.stream.subscribers")).isEqualTo(SUBSCRIBERS);
            double repBefore = computations("rep");
            double allBefore = computations("all");

            long started = System.nanoTime();
            for (int i = 0; i < FACTS_PER_SECOND * SECONDS; i++) {
                String id = "OPP-LIVE-" + i;
                ledger.post(List.of(new CrmEvent("live-" + i, "OpportunityOpened", id, end.minusSeconds(60),
                        Map.of("repId", "rep-live", "teamId", "team-live", "regionId", "emea",
                                "stage", "prospecting", "amount", 1_000 + i))), 1);
                long next = started + (i + 1) * 1_000_000_000L / FACTS_PER_SECOND;
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            }
            double postedSeconds = (System.nanoTime() - started) / 1e9;
            long facts = ledger.awaitProjections().get("facts").asLong();

            // generous: the stream's last computation may wait for the other view's on a busy machine
            await(Duration.ofSeconds(30), () -> "every stream on the latest figures (" + facts + " facts); behind: "
                            + subscribers.stream().filter(s -> s.lastId.get() != facts)
                            .map(s -> s.name + "@" + s.lastId.get() + (s.ended.get() == null ? "" : " " + s.ended.get()))
                            .limit(5).toList() + ", computations: rep " + computations("rep") + ", all "
                            + computations("all"),
                    () -> subscribers.stream().allMatch(s -> s.lastId.get() == facts));
            for (Subscriber s : subscribers) {
                assertThat(s.ended.get()).as("stream %s ended", s.name).isNull();
                assertThat(s.first.get()).as("first event of stream %s", s.name).isEqualTo("snapshot");
                assertThat(s.updates.get()).as("updates on stream %s", s.name).isPositive();
            }
            // sampled: at most one computation per interval and view, shared by its 100 subscribers (one per
            // subscriber would be 100 times as many)
            long bound = Math.round(postedSeconds * 1000 / INTERVAL.toMillis()) + 8;
            for (double computed : List.of(computations("rep") - repBefore, computations("all") - allBefore)) {
                assertThat(computed).as("computations of one view while %d facts landed", FACTS_PER_SECOND * SECONDS)
                        .isBetween(1.0, (double) bound);
            }
        } finally {
            subscribers.forEach(s -> s.connection.dispose());
        }
        await(Duration.ofSeconds(10), () -> "views removed with their last subscriber",
                () -> gauge("ledger.stream.views") == 0 && gauge("ledger.stream.subscribers") == 0);
        connections.dispose();
    }

    private double computations(String groupBy) {
        return meters.get("ledger.stream.computations").tag("groupBy", groupBy).counter().count();
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private static void await(Duration timeout, java.util.function.Supplier<String> what,
                              java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            Thread.sleep(50);
        }
    }

    /** One open stream: what it received, and how it ended if it did. */
    private static final class Subscriber {
        final String name;
        final AtomicInteger events = new AtomicInteger();
        final AtomicInteger updates = new AtomicInteger();
        final AtomicLong lastId = new AtomicLong(-1);
        final AtomicReference<String> first = new AtomicReference<>();
        final AtomicReference<String> ended = new AtomicReference<>();
        final Disposable connection;

        Subscriber(WebClient client, String groupBy) {
            this.name = groupBy + "#" + System.identityHashCode(this);
            this.connection = client.get().uri("/api/v1/stream?groupBy=" + groupBy)
                    .accept(MediaType.TEXT_EVENT_STREAM).retrieve()
                    .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                    })
                    .filter(e -> e.event() != null)
                    .subscribe(e -> {
                        first.compareAndSet(null, e.event());
                        if ("update".equals(e.event())) {
                            updates.incrementAndGet();
                        }
                        lastId.set(Long.parseLong(e.id()));
                        events.incrementAndGet();
                    }, failure -> ended.set("failed: " + failure), () -> ended.set("completed"));
        }
    }
}
