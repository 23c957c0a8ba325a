package io.pipelineledger.embedded.bench;

import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.forecast.projection.ForecastLedger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart of the one-process app (H2 files) over about a million stored events ({@link ProjectionBenchmark}'s
 * generated history, posted once into {@code target/forecast-restart-bench-h2}, kept for later runs): the time from
 * the start to the first forecast answer (200, not the 503 of a read model still catching up), (1) from the
 * snapshot written at the previous shutdown, (2) the same-run reference: snapshots off, the whole stream read from
 * event 0 (as before snapshots), (3) the worst case after a crash: a snapshot plus a tail of
 * {@code -Dbench.tail} (50,000, the default snapshot interval) events. The answers of (1) and (2) must be equal.
 * {@code mvn -B -pl deploy/embedded -am test -Pbenchmark -Dtest=ForecastRestartBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class ForecastRestartBenchmark {

    private static final int TAIL = Integer.getInteger("bench.tail", 50_000);
    private static final String FORECAST = "/api/v1/forecast?period=2026-Q4&groupBy=rep&asOf=2026-10-01T00:00:00Z";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void h2() throws Exception {
        Path data = Path.of("target/forecast-restart-bench-h2").toAbsolutePath();
        List<String> storage = List.of("--ledger.data-dir=" + data,
                "--logging.level.io.pipelineledger.forecast.snapshot=INFO");
        boolean fresh = !Files.exists(data);
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        List<CrmEvent> history = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(11,
                ProjectionBenchmark.REPS, Math.max(1, ProjectionBenchmark.REPS / 30),
                end.minus(ProjectionBenchmark.DAYS, ChronoUnit.DAYS), end,
                ProjectionBenchmark.DEALS_PER_REP_PER_MONTH, 0.05, 0.05)).events();
        ProjectionBenchmark client = new ProjectionBenchmark();
        long stored;
        ConfigurableApplicationContext app = ProjectionBenchmark.start(storage);
        try {
            String base = ProjectionBenchmark.base(app);
            if (fresh) {
                long started = System.nanoTime();
                client.post(base, history);
                System.out.printf(Locale.ROOT, "[restart] posted %,d events in %.1f s%n", history.size(),
                        (System.nanoTime() - started) / 1e9);
            }
            client.awaitCaughtUp(base, -1, "restart");
            stored = ProjectionBenchmark.countEvents(app);
        } finally {
            long closing = System.nanoTime();
            app.close(); // the shutdown snapshot
            System.out.printf(Locale.ROOT, "[restart] graceful stop (shutdown snapshot included): %.1f s%n",
                    (System.nanoTime() - closing) / 1e9);
        }

        Restart snapshot = restart(storage, List.of());
        Restart replay = restart(storage, List.of("--ledger.forecast.snapshot.enabled=false"));
        assertThat(snapshot.answer()).as("from the snapshot vs a full replay").isEqualTo(replay.answer());

        // a crash right before the next periodic snapshot: the tail is a whole snapshot interval
        List<String> noSnapshots = List.of("--ledger.forecast.snapshot.every-events=1000000000",
                "--ledger.forecast.snapshot.at-shutdown=false");
        app = ProjectionBenchmark.start(with(storage, noSnapshots));
        try {
            String base = ProjectionBenchmark.base(app);
            client.awaitCaughtUp(base, -1, null);
            client.post(base, renamed(history.subList(0, Math.min(TAIL, history.size()))));
            client.awaitCaughtUp(base, -1, null);
        } finally {
            app.close();
        }
        Restart crash = restart(storage, noSnapshots);

        String report = String.format(Locale.ROOT, """
                Forecast restart on H2 files, %,d stored events (%s)
                %s
                | start to first forecast answer | seconds | of which the Spring context's start | events read |
                |---|---|---|---|
                | from the shutdown snapshot | %.1f | %.1f | %,d |
                | reference, same run: snapshots off, full replay from event 0 | %.1f | %.1f | %,d |
                | after a crash: snapshot plus a %,d-event tail | %.1f | %.1f | %,d |
                ratio reference / snapshot: %.1f x; after the context started: %.1f s against %.1f s
                """, stored, Instant.now(), Machine.describe(), snapshot.seconds(), snapshot.contextSeconds(),
                snapshot.received(), replay.seconds(), replay.contextSeconds(), replay.received(), TAIL,
                crash.seconds(), crash.contextSeconds(), crash.received(), replay.seconds() / snapshot.seconds(),
                snapshot.seconds() - snapshot.contextSeconds(), replay.seconds() - replay.contextSeconds());
        System.out.println(report);
        Files.writeString(Path.of("target/benchmark-forecast-restart.md"), report);
    }

    /** Seconds to the first forecast answer, of which the Spring context's start took {@code contextSeconds}. */
    private record Restart(double seconds, double contextSeconds, long received, String answer) {
    }

    /** Starts the app and times it until the first forecast answer. */
    private Restart restart(List<String> storage, List<String> extra) throws Exception {
        long started = System.nanoTime();
        ConfigurableApplicationContext app = ProjectionBenchmark.start(with(storage, extra));
        double context = (System.nanoTime() - started) / 1e9;
        try {
            String base = ProjectionBenchmark.base(app);
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + FORECAST)).header(TestKeys.HEADER,
                    TestKeys.ADMIN).timeout(Duration.ofMinutes(5)).build();
            while (true) {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    long received = app.getBean(ForecastLedger.class).received();
                    System.out.printf(Locale.ROOT, "[restart %s] first forecast after %.1f s (context started after "
                            + "%.1f s), %,d events read%n", extra, seconds, context, received);
                    return new Restart(seconds, context, received, answer.body());
                }
                assertThat(answer.statusCode()).isEqualTo(503);
                Thread.sleep(50);
            }
        } finally {
            app.close();
        }
    }

    private static List<String> with(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The same events as new deals (new ids), so they are stored, not duplicates. */
    private static List<CrmEvent> renamed(List<CrmEvent> events) {
        String prefix = "tail-" + System.currentTimeMillis() + "-"; // new in every run of the benchmark
        return events.stream().map(e -> new CrmEvent(prefix + e.eventId(), e.type(), prefix + e.opportunityId(),
                e.occurredAt(), e.fields())).toList();
    }
}
