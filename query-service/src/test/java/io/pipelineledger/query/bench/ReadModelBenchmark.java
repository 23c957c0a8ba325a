package io.pipelineledger.query.bench;

import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.ids.OpportunityId;
import io.pipelineledger.query.api.FindConversionQuery;
import io.pipelineledger.query.api.FindMaturityQuery;
import io.pipelineledger.query.api.FindPipelineQuery;
import io.pipelineledger.query.api.FindScorecardQuery;
import io.pipelineledger.query.api.FindWinRatesQuery;
import io.pipelineledger.query.api.GroupBy;
import io.pipelineledger.query.model.DealLedger;
import io.pipelineledger.query.model.QueryExchangeRates;
import io.pipelineledger.query.projection.StageMetricsQueryHandler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side's read model in plain Java, no HTTP, no database: how fast the {@link DealLedger} takes and
 * exports facts (the projection's own work per event, the ceiling of a replay), how long the metrics take over
 * 100,000 deals of 500 reps, and how much heap a million deals need (in a JVM of its own with {@code -Xmx1g}).
 * Run with {@code mvn -B -pl query-service -am test -Pbenchmark -Dtest=ReadModelBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; results go to {@code target/benchmark-read-model.md} and BENCHMARKS.md.
 */
@Tag("benchmark")
class ReadModelBenchmark {

    // sizes: -Dbench.reps, -Dbench.deals-per-rep-per-month (over two years), -Dbench.million-deals, -Dbench.fork-heap
    private static final int REPS = Integer.getInteger("bench.reps", 500);
    private static final double DEALS_PER_REP_PER_MONTH = Double.parseDouble(
            System.getProperty("bench.deals-per-rep-per-month", "8.5"));
    private static final int MILLION = Integer.getInteger("bench.million-deals", 1_000_000);
    private static final String FORK_HEAP = System.getProperty("bench.fork-heap", "1g");
    private static final int WARM_UP = 30;
    private static final int REQUESTS = 200;
    private static final Instant END = MillionDeals.END;
    private static final Path OUT = Path.of("target/benchmark-read-model.md");

    @Test
    void metricsOverHundredThousandDeals() throws Exception {
        CrmHistoryGenerator.Settings settings = DomainHistories.settings(11, REPS, 730, END, DEALS_PER_REP_PER_MONTH);
        List<CrmEvent> history = new CrmHistoryGenerator().generate(settings).events();
        Set<OpportunityId> ids = new LinkedHashSet<>();
        history.forEach(e -> ids.add(OpportunityId.of(e.opportunityId())));

        // the projection's in-memory work per event, twice (the second run with a warm JIT counts)
        DealLedger ledger = null;
        double applySeconds = 0;
        for (int run = 0; run < 2; run++) {
            ledger = new DealLedger();
            long started = System.nanoTime();
            new DomainHistories("").applyAll(history, ledger);
            applySeconds = (System.nanoTime() - started) / 1e9;
        }
        long started = System.nanoTime();
        long exported = 0;
        for (OpportunityId id : ids) {
            exported += ledger.export(id).length;
        }
        double exportSeconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        int visits = ledger.visitsAsOf(END).size();
        double settleSeconds = (System.nanoTime() - started) / 1e9;

        StageMetricsQueryHandler handler = new StageMetricsQueryHandler(ledger, new QueryExchangeRates("USD"),
                Clock.fixed(END, ZoneOffset.UTC));
        String rep = String.format(Locale.ROOT, "rep-%02d", REPS / 2);
        Map<String, Function<Instant, Object>> queries = new LinkedHashMap<>();
        queries.put("conversion?groupBy=rep", at -> handler.conversion(
                new FindConversionQuery(GroupBy.REP, null, null, at, null)));
        queries.put("winrates?groupBy=rep", at -> handler.winRates(new FindWinRatesQuery(GroupBy.REP, at, null)));
        queries.put("pipeline?groupBy=rep", at -> handler.pipeline(new FindPipelineQuery(GroupBy.REP, at, null)));
        queries.put("maturity", at -> handler.maturity(new FindMaturityQuery(at)));
        queries.put("reps/" + rep + "/scorecard", at -> handler.scorecard(new FindScorecardQuery(rep, at))
                .orElseThrow());
        StringBuilder rows = new StringBuilder();
        jdk.jfr.Recording jfr = null;
        if (System.getProperty("bench.jfr", "").contains("queries")) { // -Dbench.jfr=queries: profile the queries
            jfr = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            jfr.start();
        }
        for (Map.Entry<String, Function<Instant, Object>> query : queries.entrySet()) {
            Latencies latencies = time(query.getValue(), settings.start());
            rows.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", query.getKey(),
                    REQUESTS, latencies.p(0.5), latencies.p(0.9), latencies.p(0.99), latencies.max()));
        }
        if (jfr != null) {
            jfr.stop();
            jfr.dump(Path.of("target/bench-read-model-queries.jfr"));
            jfr.close();
        }
        long events = history.size();
        String report = String.format(Locale.ROOT, """
                ### Read model in plain Java (no HTTP, no database) — %s

                %s; JVM heap max %d MiB.
                History: %,d generated events (%,d deals, %d reps, two years), turned into domain events.

                | what | amount | seconds | per second |
                |---|---:|---:|---:|
                | DealLedger.apply (warm, second fill) | %,d events | %.2f | %,.0f events/s |
                | DealLedger.export of every deal (the projection writes one per touched deal per batch) | %,d deals, %,d bytes | %.2f | %,.0f deals/s |
                | first visitsAsOf (derives %,d visits of every deal) | %,d deals | %.2f | %,.0f deals/s |

                Queries through StageMetricsQueryHandler, %d warm-up then %d timed calls each, one at a time;
                asOf one in four at the end of the history (now), else a random day of the history.

                | query | calls | p50 ms | p90 ms | p99 ms | max ms |
                |---|---:|---:|---:|---:|---:|
                %s""", LocalDate.now(), Machine.describe(), Runtime.getRuntime().maxMemory() >> 20,
                events, ids.size(), REPS,
                events, applySeconds, events / applySeconds,
                ids.size(), exported, exportSeconds, ids.size() / exportSeconds,
                visits, ids.size(), settleSeconds, ids.size() / settleSeconds,
                WARM_UP, REQUESTS, rows);
        System.out.println(report);
        append(report);
        assertThat(ledger.dealCount()).isEqualTo(ids.size());
    }

    /** Calls the query WARM_UP + REQUESTS times with varying asOf; milliseconds of the timed calls. */
    private static Latencies time(Function<Instant, Object> query, Instant start) {
        Random random = new Random(42);
        long span = END.getEpochSecond() - start.getEpochSecond() - 60 * 86_400L;
        double[] millis = new double[REQUESTS];
        for (int i = 0; i < WARM_UP + REQUESTS; i++) {
            Instant asOf = i % 4 == 0 ? END
                    : start.plusSeconds(60 * 86_400L + (long) (random.nextDouble() * span));
            long started = System.nanoTime();
            Object answer = query.apply(asOf);
            if (i >= WARM_UP) {
                millis[i - WARM_UP] = (System.nanoTime() - started) / 1e6;
            }
            assertThat(answer).isNotNull();
        }
        return new Latencies(millis);
    }

    @Test
    void millionDealsInOneGibibyte() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + FORK_HEAP, "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
                MillionDeals.class.getName(), String.valueOf(MILLION)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> results = new LinkedHashMap<>();
        StringBuilder output = new StringBuilder();
        StringBuilder histogram = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[fork] " + line);
                output.append(line).append('\n');
                if (line.startsWith("HISTO ")) {
                    histogram.append(line.substring(6)).append('\n');
                } else if (line.startsWith("RESULT ")) {
                    String[] parts = line.split(" ", 3);
                    results.put(parts[1], parts[2]);
                }
            }
        }
        int exit = child.waitFor();
        String report = String.format(Locale.ROOT, """
                ### A million deals in the read model — %s

                %s. Forked JVM `-Xmx%s -XX:+UseG1GC` running `MillionDeals` (exit %d%s):
                %s deals from %s generated events (%s facts kept), generated, converted and applied in %s s;
                deriving every deal's visits (visitsAsOf the epoch: settles, lists nothing) %s s.

                | what | retained heap (after full GC, less the empty JVM's) |
                |---|---:|
                | facts, before the visits are derived (every deal also in the dirty set) | %s MiB |
                | facts and visits (settled read model) | %s MiB |
                | per deal, settled | **%s bytes** |

                visitsAsOf(end of history): %s visits listed in %s s; conversion by rep over all of them: %s ms
                (as of the end, 30 and 60 days earlier).

                Largest classes in the settled read model (live-object histogram):

                ```
                %s```
                """, LocalDate.now(), Machine.describe(), FORK_HEAP, exit,
                results.containsKey("oom") ? ", **OutOfMemoryError** in " + results.get("oom").replace('_', ' ') : "",
                num(results.get("deals")), num(results.get("events")), num(results.get("facts")),
                dec(results.get("fill.seconds")), dec(results.get("settle.seconds")),
                mib(results.get("heap.facts.bytes")), mib(results.get("heap.settled.bytes")),
                num(results.get("bytes.per.deal")), num(results.get("visits")), dec(results.get("visits.seconds")),
                results.getOrDefault("conversion.0.ms", "-") + " / " + results.getOrDefault("conversion.1.ms", "-")
                        + " / " + results.getOrDefault("conversion.2.ms", "-"),
                histogram);
        System.out.println(report);
        append(report);
        assertThat(results).as(output.toString()).containsKey("bytes.per.deal");
    }

    private static String num(String value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,.0f", Double.parseDouble(value));
    }

    private static String dec(String value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", Double.parseDouble(value));
    }

    private static String mib(String value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,.0f", Double.parseDouble(value) / 1048576);
    }

    private static void append(String report) throws IOException {
        Files.createDirectories(OUT.toAbsolutePath().getParent());
        Files.writeString(OUT, report + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Latencies in milliseconds. */
    record Latencies(double[] millis) {
        Latencies {
            millis = millis.clone();
            Arrays.sort(millis);
        }

        double p(double q) {
            return millis[Math.max(0, (int) Math.ceil(q * millis.length) - 1)];
        }

        double max() {
            return millis[millis.length - 1];
        }
    }
}
