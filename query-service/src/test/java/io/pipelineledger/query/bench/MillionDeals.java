package io.pipelineledger.query.bench;

import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.query.api.FindConversionQuery;
import io.pipelineledger.query.api.GroupBy;
import io.pipelineledger.query.api.Views;
import io.pipelineledger.query.model.DealLedger;
import io.pipelineledger.query.model.QueryExchangeRates;
import io.pipelineledger.query.projection.StageMetricsQueryHandler;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Fills one {@link DealLedger} with a million or more realistic deals and answers a conversion query, in a JVM of
 * its own (started by {@link ReadModelBenchmark} with {@code -Xmx1g}). The deals come from generated histories of
 * 50 reps each (one team per region), renamed per history (1,000,000 deals: about 5,000 reps in 300 teams), turned
 * into the domain events the command side stores and applied as the projection applies them. Prints
 * {@code RESULT name value} lines, flushed as soon as known, so a run that dies of OutOfMemoryError still tells how
 * far it got.
 */
public final class MillionDeals {

    static final Instant END = Instant.parse("2026-06-01T00:00:00Z");

    private MillionDeals() {
    }

    public static void main(String[] args) throws Exception {
        int target = Integer.parseInt(args[0]);
        String phase = "start";
        try {
            long baseline = settledHeap();
            result("heap.max.bytes", Runtime.getRuntime().maxMemory());
            result("heap.baseline.bytes", baseline);
            DealLedger ledger = new DealLedger();
            phase = "fill";
            long started = System.nanoTime();
            long events = 0;
            long facts = 0;
            for (int chunk = 0; ledger.dealCount() < target; chunk++) {
                CrmHistoryGenerator.Settings settings = DomainHistories.settings(1_000 + chunk, 50, 730, END, 8.5);
                List<CrmEvent> history = new CrmHistoryGenerator().generate(settings).events();
                facts += new DomainHistories(String.format(Locale.ROOT, "c%03d-", chunk)).applyAll(history, ledger);
                events += history.size();
            }
            result("fill.seconds", (System.nanoTime() - started) / 1e9);
            result("deals", ledger.dealCount());
            result("events", events);
            result("facts", facts);
            phase = "measure facts";
            result("heap.facts.bytes", settledHeap() - baseline);

            // visits as of the epoch: every deal's visits derived and kept (the settled read model), none listed
            phase = "settle";
            started = System.nanoTime();
            ledger.visitsAsOf(Instant.EPOCH);
            result("settle.seconds", (System.nanoTime() - started) / 1e9);
            phase = "measure settled";
            long retained = settledHeap() - baseline;
            result("heap.settled.bytes", retained);
            result("bytes.per.deal", retained / (double) ledger.dealCount());
            histogram();

            phase = "visitsAsOf (the list every visit-based query starts from)";
            started = System.nanoTime();
            int visits = ledger.visitsAsOf(END).size();
            result("visits", visits);
            result("visits.seconds", (System.nanoTime() - started) / 1e9);

            phase = "conversion query";
            StageMetricsQueryHandler handler = new StageMetricsQueryHandler(ledger, new QueryExchangeRates("USD"),
                    Clock.fixed(END, ZoneOffset.UTC));
            for (int i = 0; i < 3; i++) {
                started = System.nanoTime();
                Views.ConversionView view = handler.conversion(new FindConversionQuery(GroupBy.REP, null, null,
                        END.minusSeconds(86_400L * 30 * i), null));
                result("conversion." + i + ".ms", (System.nanoTime() - started) / 1e6);
                result("conversion." + i + ".groups", view.groups().size());
            }
            result("done", 1);
        } catch (OutOfMemoryError e) {
            System.out.println("RESULT oom " + phase.replace(' ', '_'));
            System.out.flush();
            System.exit(3);
        }
    }

    /** The classes holding the most heap (a live-object histogram, as jmap -histo:live shows). */
    private static void histogram() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[]{null}, new String[]{String[].class.getName()});
        histogram.lines().limit(16).forEach(line -> System.out.println("HISTO " + line));
    }

    private static void result(String name, Object value) {
        System.out.println("RESULT " + name + " " + value);
        System.out.flush();
    }

    /** Heap in use after full collections: what is still reachable. */
    static long settledHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
