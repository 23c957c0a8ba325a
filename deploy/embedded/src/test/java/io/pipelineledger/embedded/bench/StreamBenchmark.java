package io.pipelineledger.embedded.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBuf;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live dashboards under load (issue 13, item 3), in one JVM with the one-process app on H2 files: a generated
 * history is posted; then, with new facts landing at a steady rate (one event per POST), a probe client sends
 * other requests (health, a keyed read, the projection status) one after another, first with no stream open
 * (the idle baseline), then with 500 live streams spread over the four groupings, for a minute. Measures streams
 * lost (ended before the client closed them, or not on the latest figures at the end), the probes' and the posts'
 * latency in both phases, and the view computations. Run with {@code mvn -B -pl deploy/embedded -am test
 * -Pbenchmark -Dtest=StreamBenchmark -Dsurefire.failIfNoSpecifiedTests=false}; the report goes to
 * {@code target/benchmark-streams.md}.
 */
@Tag("benchmark")
class StreamBenchmark {

    // -Dbench.stream.subscribers, -Dbench.stream.seconds, -Dbench.stream.baseline-seconds, -Dbench.stream.rate
    // (facts/s), -Dbench.reps and -Dbench.days (the history's size)
    private static final int SUBSCRIBERS = Integer.getInteger("bench.stream.subscribers", 500);
    private static final int SECONDS = Integer.getInteger("bench.stream.seconds", 60);
    private static final int BASELINE_SECONDS = Integer.getInteger("bench.stream.baseline-seconds", 30);
    private static final int RATE = Integer.getInteger("bench.stream.rate", 10);
    private static final int REPS = Integer.getInteger("bench.reps", 100);
    private static final int DAYS = Integer.getInteger("bench.days", 730);
    private static final int PROBE_PAUSE_MILLIS = 50;
    private static final List<String> GROUPINGS = List.of("rep", "team", "region", "all");
    private static final List<String> PROBES = List.of("/actuator/health", "/api/v1/winrates?groupBy=team",
            "/api/v1/projections", "/api/v1/maturity");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionProvider pool = ConnectionProvider.builder("bench-requests").maxConnections(8).build();
    private final HttpClient http = HttpClient.create(pool)
            .headers(h -> h.set("Content-Type", "application/json").set(TestKeys.HEADER, TestKeys.ADMIN));

    @Test
    void h2(@TempDir Path data) throws Exception {
        ConfigurableApplicationContext app = ProjectionBenchmark.start(List.of("--ledger.data-dir=" + data));
        try {
            run(app, ProjectionBenchmark.base(app));
        } finally {
            app.close();
            pool.dispose();
        }
    }

    private void run(ConfigurableApplicationContext app, String base) throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<CrmEvent> history = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(17, REPS,
                Math.max(1, REPS / 30), end.minus(DAYS, ChronoUnit.DAYS), end, 8.5, 0.05, 0.05)).events();
        for (int i = 0; i < history.size(); i += 2_000) {
            send(base, "POST", "/api/v1/events", CrmEvent.toJsonArray(history.subList(i,
                    Math.min(history.size(), i + 2_000))));
        }
        JsonNode status = awaitFacts(base, 0);
        System.out.printf(Locale.ROOT, "[streams] history: %,d events, %s%n", history.size(), status);
        MeterRegistry meters = app.getBean(MeterRegistry.class);

        Load warmUp = load(base, end, 10, "W");
        Load idle = load(base, end, BASELINE_SECONDS, "B");

        HttpClient sse = HttpClient.create(ConnectionProvider.builder("bench-streams")
                        .maxConnections(SUBSCRIBERS + 10).pendingAcquireMaxCount(-1).build())
                .headers(h -> h.set(TestKeys.HEADER, TestKeys.ADMIN).set("Accept", "text/event-stream"));
        List<Stream> streams = new ArrayList<>();
        long opening = System.nanoTime();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            streams.add(new Stream(sse, base, GROUPINGS.get(i % GROUPINGS.size())));
        }
        await(Duration.ofMinutes(2), () -> streams.stream().allMatch(s -> s.events.get() > 0));
        double openSeconds = (System.nanoTime() - opening) / 1e9;
        double[] computedBefore = computations(meters);
        long bytesBefore = streams.stream().mapToLong(s -> s.bytes.get()).sum();

        Load loaded = load(base, end, SECONDS, "L");
        long facts = awaitFacts(base, loaded.lastFacts).path("facts").asLong();
        long settling = System.nanoTime();
        boolean allLatest = awaitOrNot(Duration.ofSeconds(30),
                () -> streams.stream().allMatch(s -> s.lastId.get() >= facts));
        double settleSeconds = (System.nanoTime() - settling) / 1e9;
        double[] computedAfter = computations(meters);
        long ended = streams.stream().filter(s -> s.ended.get() != null).count();
        long behind = streams.stream().filter(s -> s.ended.get() == null && s.lastId.get() < facts).count();
        long updates = streams.stream().mapToLong(s -> s.updates.get()).sum();
        long bytes = streams.stream().mapToLong(s -> s.bytes.get()).sum() - bytesBefore;
        String firstEnd = streams.stream().map(s -> s.ended.get()).filter(e -> e != null).findFirst().orElse("-");
        streams.forEach(s -> s.connection.dispose());
        boolean viewsRemoved = awaitOrNot(Duration.ofSeconds(10),
                () -> meters.get("ledger.stream.views").gauge().value() == 0);

        StringBuilder computed = new StringBuilder();
        for (int g = 0; g < GROUPINGS.size(); g++) {
            Timer timer = meters.find("ledger.stream.computation").tag("groupBy", GROUPINGS.get(g)).timer();
            computed.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.1f | %.1f |%n", GROUPINGS.get(g),
                    SUBSCRIBERS / GROUPINGS.size() + (g < SUBSCRIBERS % GROUPINGS.size() ? 1 : 0),
                    computedAfter[g] - computedBefore[g],
                    timer == null ? 0 : timer.mean(TimeUnit.MILLISECONDS),
                    timer == null ? 0 : timer.max(TimeUnit.MILLISECONDS)));
        }
        String report = String.format(Locale.ROOT, """
                ## Live streams: %d subscribers at %d facts/s for %d s (issue 13) — %s

                Command: `mvn -B -pl deploy/embedded -am test -Pbenchmark -Dtest=StreamBenchmark
                -Dsurefire.failIfNoSpecifiedTests=false`.

                %s. One JVM: the one-process app on H2 files and the clients. History: %,d generated events
                (%d reps, %d days). New facts: one OpportunityOpened per POST, %d a second. Probes: one client sending
                %s one after another with %d ms between requests. Streams: %d SSE connections, spread evenly over
                groupBy=%s, read by the client's byte scanner (event names and ids, no JSON decoding); opened in
                %.1f s (all had their snapshot).

                | phase | seconds | probes | probe p50 | probe p99 | probe max | POST p50 | POST p99 | CPU |
                |---|---:|---:|---:|---:|---:|---:|---:|---|
                | idle baseline, no stream open | %d | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %s |
                | %d streams open | %d | %d | %.1f ms | **%.1f ms** | %.1f ms | %.1f ms | %.1f ms | %s |

                Probe p99 with the streams / idle: %.2f (POST p99: %.2f). Warm-up before the baseline: %d s.

                Streams lost: **%d** of %d (ended early: %d, first reason: %s; not on the latest figures %.1f s after
                the last fact: %d). Every stream on the latest figures: %s, %.1f s after the last fact landed.
                Updates received: %,d in all (%.1f per stream per second), %,.1f MB. Views removed after the
                streams closed: %s.

                | view | streams | computations during the timed phase | mean ms per computation | max ms |
                |---|---:|---:|---:|---:|
                %s
                """, SUBSCRIBERS, RATE, SECONDS, LocalDate.now(), Machine.describe(), history.size(), REPS, DAYS,
                RATE, PROBES, PROBE_PAUSE_MILLIS, SUBSCRIBERS, GROUPINGS, openSeconds,
                idle.seconds, idle.probes.length, p(idle.probes, 0.5), p(idle.probes, 0.99), p(idle.probes, 1),
                p(idle.posts, 0.5), p(idle.posts, 0.99), idle.cpu,
                SUBSCRIBERS, loaded.seconds, loaded.probes.length, p(loaded.probes, 0.5), p(loaded.probes, 0.99),
                p(loaded.probes, 1), p(loaded.posts, 0.5), p(loaded.posts, 0.99), loaded.cpu,
                p(loaded.probes, 0.99) / p(idle.probes, 0.99), p(loaded.posts, 0.99) / p(idle.posts, 0.99),
                warmUp.seconds, ended + behind, SUBSCRIBERS, ended, firstEnd, settleSeconds, behind, allLatest,
                settleSeconds, updates, updates / (double) SUBSCRIBERS / loaded.seconds, bytes / 1e6, viewsRemoved,
                computed.toString().trim());
        System.out.println(report);
        Files.writeString(Path.of("target/benchmark-streams.md"), report);
        assertThat(ended + behind).as("streams lost").isZero();
    }

    // ---------------------------------------------------------------- load: facts landing, probes answered

    private record Load(int seconds, double[] probes, double[] posts, long lastFacts, String cpu) {
    }

    private Load load(String base, Instant end, int seconds, String prefix) throws Exception {
        ScheduledExecutorService poster = Executors.newSingleThreadScheduledExecutor();
        List<Double> posts = new ArrayList<>();
        AtomicInteger posted = new AtomicInteger();
        String run = prefix + System.nanoTime() + "-";
        CpuWindow cpu = new CpuWindow();
        poster.scheduleAtFixedRate(() -> {
            int i = posted.getAndIncrement();
            String id = "OPP-STREAM-" + run + i;
            long started = System.nanoTime();
            send(base, "POST", "/api/v1/events", CrmEvent.toJsonArray(List.of(new CrmEvent("stream-" + run + i,
                    "OpportunityOpened", id, end.minusSeconds(3_600), Map.of("repId", "rep-01", "teamId",
                            "team-stream", "regionId", "emea", "stage", "prospecting", "amount", 1_000 + i)))));
            synchronized (posts) {
                posts.add((System.nanoTime() - started) / 1e6);
            }
        }, 0, 1_000_000 / RATE, TimeUnit.MICROSECONDS);
        List<Double> probes = new ArrayList<>();
        long stop = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 0; System.nanoTime() < stop; i++) {
            long started = System.nanoTime();
            send(base, "GET", PROBES.get(i % PROBES.size()), null);
            probes.add((System.nanoTime() - started) / 1e6);
            Thread.sleep(PROBE_PAUSE_MILLIS);
        }
        poster.shutdown();
        assertThat(poster.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        String used = cpu.since();
        double[] postMillis;
        synchronized (posts) {
            postMillis = posts.stream().mapToDouble(Double::doubleValue).toArray();
        }
        long facts = json(send(base, "GET", "/api/v1/projections", null)).path("facts").asLong();
        return new Load(seconds, probes.stream().mapToDouble(Double::doubleValue).toArray(), postMillis, facts,
                used);
    }

    private static double p(double[] millis, double q) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double[] computations(MeterRegistry meters) {
        double[] count = new double[GROUPINGS.size()];
        for (int g = 0; g < count.length; g++) {
            var counter = meters.find("ledger.stream.computations").tag("groupBy", GROUPINGS.get(g)).counter();
            count[g] = counter == null ? 0 : counter.count();
        }
        return count;
    }

    // ---------------------------------------------------------------- one live stream, read as bytes

    /** One SSE connection; reads the event names and ids of what arrives, and how the stream ended if it did. */
    private static final class Stream {
        final AtomicInteger events = new AtomicInteger();
        final AtomicInteger updates = new AtomicInteger();
        final AtomicLong lastId = new AtomicLong(-1);
        final AtomicLong bytes = new AtomicLong();
        final AtomicReference<String> ended = new AtomicReference<>();
        final AtomicBoolean closing = new AtomicBoolean();
        final Disposable connection;
        private final StringBuilder line = new StringBuilder();
        private boolean skipping;

        Stream(HttpClient sse, String base, String groupBy) {
            connection = sse.get().uri(base + "/api/v1/stream?groupBy=" + groupBy)
                    .response((response, body) -> {
                        if (response.status().code() != 200) {
                            return Mono.error(new IllegalStateException("HTTP " + response.status().code()));
                        }
                        return body.doOnNext(this::read).then();
                    })
                    .subscribe(ignored -> {
                    }, failure -> ended.set("failed: " + failure), () -> ended.set("completed"));
        }

        /** Keeps only each line's first characters: enough for "event:update" and "id:123"; data lines skipped. */
        private void read(ByteBuf chunk) {
            bytes.addAndGet(chunk.readableBytes());
            int at = chunk.readerIndex();
            int end = chunk.writerIndex();
            while (at < end) {
                if (skipping) {
                    int newline = chunk.indexOf(at, end, (byte) '\n');
                    if (newline < 0) {
                        return;
                    }
                    skipping = false;
                    at = newline + 1;
                    continue;
                }
                byte b = chunk.getByte(at++);
                if (b == '\n') {
                    lineEnded(line.toString());
                    line.setLength(0);
                } else if (line.length() < 40) {
                    line.append((char) b);
                    if (line.length() == 5 && line.toString().equals("data:")) {
                        skipping = true;
                        line.setLength(0);
                    }
                }
            }
        }

        private void lineEnded(String text) {
            if (text.startsWith("event:")) {
                events.incrementAndGet();
                if (text.equals("event:update")) {
                    updates.incrementAndGet();
                }
            } else if (text.startsWith("id:")) {
                lastId.set(Long.parseLong(text.substring(3).trim()));
            }
        }
    }

    // ---------------------------------------------------------------- HTTP and waiting

    private String send(String base, String method, String path, String body) {
        HttpClient.ResponseReceiver<?> receiver = "POST".equals(method)
                ? http.post().uri(base + path).send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8,
                io.netty.buffer.ByteBufAllocator.DEFAULT))
                : http.get().uri(base + path);
        String[] answer = receiver.responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                .map(text -> new String[]{String.valueOf(response.status().code()), text})).block();
        if (answer == null || !"200".equals(answer[0])) {
            throw new IllegalStateException(method + " " + path + ": HTTP "
                    + (answer == null ? "?" : answer[0] + ": " + answer[1]));
        }
        return answer[1];
    }

    private JsonNode awaitFacts(String base, long facts) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            JsonNode status = json(send(base, "GET", "/api/v1/projections", null));
            boolean done = status.path("facts").asLong() >= facts;
            for (JsonNode p : status.get("processors")) {
                done &= p.path("caughtUp").asBoolean() && p.path("position").asLong() >= p.path("head").asLong();
            }
            if (done) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("projections did not catch up: " + status);
            }
            Thread.sleep(50);
        }
    }

    private static void await(Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        if (!awaitOrNot(timeout, condition)) {
            throw new IllegalStateException("timed out after " + timeout);
        }
    }

    private static boolean awaitOrNot(Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }
}
