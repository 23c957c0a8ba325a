package io.pipelineledger.embedded.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelineledger.command.support.TestKeys;
import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.forecast.forecast.ForecastService;
import io.pipelineledger.forecast.projection.ForecastLedger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forecast "as of now" while facts arrive (issue 15, item 9), one-process app on H2 files: a generated history
 * of {@code -Dbench.deals} (100,000) deals of {@code -Dbench.reps} (500) reps over two years posted over HTTP, then
 * over HTTP: an idle /actuator/health p50 (the same-run reference), the forecast by rep of the current quarter as
 * of now idle (p50/p99), the same while a client posts {@code -Dbench.rate} (20) CRM events/s, the backtest of 8
 * quarters once warm while the events keep arriving (p99), and the memory after a full GC: DealHistory and
 * DealState objects per deal (jcmd GC.class_histogram; the issue measured ~9 of each before) and the heap one more
 * copy of the read model takes. The model relearns in the background every {@code ledger.forecast.relearn-interval}
 * (the default, 1 min; the test JVM's 0 s is overridden here). Dry run: {@code -Dbench.deals=10000}.
 * {@code mvn -B -pl deploy/embedded -am test -Pbenchmark -Dtest=LiveForecastBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; the report goes to {@code target/benchmark-live-forecast.md}.
 */
@Tag("benchmark")
class LiveForecastBenchmark {

    private static final int DEALS = Integer.getInteger("bench.deals", 100_000);
    private static final int REPS = Integer.getInteger("bench.reps", 500);
    private static final int DAYS = 730;
    private static final int RATE = Integer.getInteger("bench.rate", 20);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 200);
    private static final int LOADED_SECONDS = Integer.getInteger("bench.seconds", 90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void h2(@TempDir Path data) throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        double perRepPerMonth = DEALS / (REPS * (DAYS / 30.44));
        List<CrmEvent> history = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(11, REPS,
                Math.max(1, REPS / 30), end.minus(DAYS, ChronoUnit.DAYS), end, perRepPerMonth, 0.05, 0.05)).events();
        long deals = history.stream().map(CrmEvent::opportunityId).distinct().count();
        ConfigurableApplicationContext app = ProjectionBenchmark.start(List.of("--ledger.data-dir=" + data,
                "--ledger.forecast.relearn-interval=PT1M"));
        try {
            String base = ProjectionBenchmark.base(app);
            ProjectionBenchmark client = new ProjectionBenchmark();
            long started = System.nanoTime();
            client.post(base, history);
            client.awaitCaughtUp(base, -1, "live-forecast load");
            double loadSeconds = (System.nanoTime() - started) / 1e9;
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            int quarter = (now.getMonthValue() - 1) / 3 + 1;
            String period = now.getYear() + "-Q" + quarter;
            String forecast = "/api/v1/forecast?period=" + period + "&groupBy=rep";
            // 8 quarters ending with the current one
            int q0 = now.getYear() * 4 + quarter - 1 - 7;
            String backtest = "/api/v1/forecast/backtest?from=" + (q0 / 4) + "-Q" + (q0 % 4 + 1) + "&to=" + period
                    + "&groupBy=rep";

            long first = System.nanoTime();
            JsonNode firstAnswer = JSON.readTree(get(base, forecast));
            double firstSeconds = (System.nanoTime() - first) / 1e9; // waits for the first learning
            long open = 0;
            for (JsonNode g : firstAnswer.get("groups")) {
                open += g.path("openDeals").asLong();
            }
            double[] health = times(base, "/actuator/health", REQUESTS);
            double[] idle = times(base, forecast, REQUESTS);

            // 20 CRM events/s of new deals, in each deal's order
            List<CrmEvent> trickle = new ArrayList<>();
            for (long seed = 500; trickle.size() < RATE * (LOADED_SECONDS + 120L); seed++) {
                String prefix = "LIVE" + seed + "-";
                new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(seed, 50, 5,
                        end.minus(60, ChronoUnit.DAYS), end, 3.0, 0.05, 0.05)).events().forEach(e -> trickle.add(
                        new CrmEvent(prefix + e.eventId(), e.type(), prefix + e.opportunityId(), e.occurredAt(),
                                e.fields())));
            }
            AtomicInteger next = new AtomicInteger();
            AtomicLong posted = new AtomicLong();
            ScheduledExecutorService crm = Executors.newSingleThreadScheduledExecutor();
            crm.scheduleAtFixedRate(() -> {
                try {
                    post(base, trickle.get(next.getAndIncrement()));
                    posted.incrementAndGet();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, 0, 1000 / RATE, TimeUnit.MILLISECONDS);
            long loadStart = System.nanoTime();
            long factsBefore = JSON.readTree(get(base, forecast)).path("provenance").path("facts").asLong();
            List<Double> loaded = new ArrayList<>();
            while (System.nanoTime() - loadStart < TimeUnit.SECONDS.toNanos(LOADED_SECONDS)) {
                long t = System.nanoTime();
                get(base, forecast);
                loaded.add((System.nanoTime() - t) / 1e6);
            }
            long factsAfter = JSON.readTree(get(base, forecast)).path("provenance").path("facts").asLong();
            double loadedSeconds = (System.nanoTime() - loadStart) / 1e9;

            long cold = System.nanoTime();
            get(base, backtest);
            double backtestCold = (System.nanoTime() - cold) / 1e6;
            double[] backtests = times(base, backtest, Math.max(20, REQUESTS / 4));
            crm.shutdownNow();
            // let a background backtest refresh or relearn still running finish: its working copies are not kept
            Thread.sleep(Math.max(5_000, (long) (3 * backtestCold)));
            ForecastService service = app.getBean(ForecastService.class);
            long learnings = service.live().learnings();
            String modelAsOf = JSON.readTree(get(base, forecast)).path("provenance").path("modelAsOf").asText();

            // memory: after a full GC, the objects per deal; then one more copy of the read model, to size one copy
            Histogram kept = histogram();
            long heapKept = usedAfterGc();
            ForecastLedger ledger = app.getBean(ForecastLedger.class);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ledger.write(new DataOutputStream(bytes));
            ForecastLedger copy = new ForecastLedger();
            copy.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            copy.view();
            bytes = null;
            long heapWithCopy = usedAfterGc();
            Histogram withCopy = histogram();
            long allDeals = ledger.view().deals().deals().size();
            java.lang.ref.Reference.reachabilityFence(copy);

            double[] loadedArray = loaded.stream().mapToDouble(Double::doubleValue).toArray();
            String report = String.format(Locale.ROOT, """
                    Live forecast on H2 files: %,d deals (%,d generated, %,d with the trickle), %,d open in %s, %d reps, %,d events loaded in %.0f s (%s)
                    %s
                    | over HTTP, one client | requests | p50 ms | p99 ms |
                    |---|---|---|---|
                    | reference: idle GET /actuator/health | %d | %.1f | %.1f |
                    | forecast by rep as of now, idle | %d | %.1f | %.1f |
                    | the same while %d CRM events/s are posted (%,d posted in %.0f s; facts in the answers %,d -> %,d) | %d | %.1f | %.1f |
                    | backtest of 8 quarters by rep, warm, events still arriving (cold: %.0f ms) | %d | %.1f | %.1f |
                    first forecast after the load (waits for the first learning): %.1f s; models learned in the background: %d (last as of %s)
                    memory after a full GC: %,d DealHistory and %,d DealState objects for %,d deals (%.2f and %.2f per deal); heap used %,d MB; one more copy of the read model (restored from its snapshot): +%,d MB, %,d DealHistory
                    """, allDeals, deals, allDeals - deals, open, period, REPS, history.size(), loadSeconds,
                    Instant.now(), Machine.describe(),
                    health.length, pct(health, 50), pct(health, 99),
                    idle.length, pct(idle, 50), pct(idle, 99),
                    RATE, posted.get(), loadedSeconds, factsBefore, factsAfter, loadedArray.length,
                    pct(loadedArray, 50), pct(loadedArray, 99),
                    backtestCold, backtests.length, pct(backtests, 50), pct(backtests, 99),
                    firstSeconds, learnings, modelAsOf,
                    kept.dealHistories(), kept.dealStates(), allDeals, kept.dealHistories() / (double) allDeals,
                    kept.dealStates() / (double) allDeals, heapKept >> 20, (heapWithCopy - heapKept) >> 20,
                    withCopy.dealHistories());
            System.out.println(report);
            Files.writeString(Path.of("target/benchmark-live-forecast.md"), report);
            assertThat(factsAfter).as("the answers as of now reflect the facts as they arrive").isGreaterThan(factsBefore);
        } finally {
            app.close();
        }
    }

    private record Histogram(long dealHistories, long dealStates) {
    }

    /** Instances after a full GC (jcmd GC.class_histogram collects first). */
    private static Histogram histogram() throws Exception {
        long pid = ProcessHandle.current().pid();
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram").redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        return new Histogram(instances(out, "io.pipelineledger.forecast.engine.DealHistory"),
                instances(out, "io.pipelineledger.forecast.engine.DealState"));
    }

    private static long instances(String histogram, String className) {
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[3].equals(className)) {
                return Long.parseLong(f[1]);
            }
        }
        return 0;
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private double[] times(String base, String path, int n) throws Exception {
        for (int i = 0; i < Math.min(20, n); i++) {
            get(base, path);
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            get(base, path);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    private static double pct(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private String get(String base, String path) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header(TestKeys.HEADER, TestKeys.ADMIN).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    private void post(String base, CrmEvent event) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                .header(TestKeys.HEADER, TestKeys.ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CrmEvent.toJsonArray(List.of(event))))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(answer.statusCode() + " " + answer.body());
        }
    }
}
