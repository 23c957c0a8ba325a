package io.pipelineledger.embedded.bench;

import io.pipelineledger.events.generator.CrmEvent;
import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.query.projection.Projections;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Rebuilds only, for working on the rebuild: the same generated history as {@link ProjectionBenchmark}, posted once
 * into H2 files kept under {@code target/rebuild-bench-h2} (so later runs skip the three-minute ingestion), then
 * {@code -Dbench.rebuilds} (3) rebuilds timed back to back through {@link Projections#replay()}. The figures the
 * issue's target is judged by come from {@link ProjectionBenchmark}, which times the replay over HTTP.
 * {@code mvn -B -pl deploy/embedded -am test -Pbenchmark -Dtest=RebuildBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} (-Dbench.jfr=replay records the last one).
 */
@Tag("benchmark")
class RebuildBenchmark {

    private static final int REBUILDS = Integer.getInteger("bench.rebuilds", 3);

    @Test
    void h2() throws Exception {
        Path data = Path.of("target/rebuild-bench-h2").toAbsolutePath();
        boolean fresh = !Files.exists(data);
        ProjectionBenchmark client = new ProjectionBenchmark();
        long starting = System.nanoTime();
        ConfigurableApplicationContext app = ProjectionBenchmark.start(List.of("--ledger.data-dir=" + data));
        try {
            String base = ProjectionBenchmark.base(app);
            if (fresh) {
                Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
                List<CrmEvent> history = new CrmHistoryGenerator().generate(new CrmHistoryGenerator.Settings(11,
                        ProjectionBenchmark.REPS, Math.max(1, ProjectionBenchmark.REPS / 30),
                        end.minus(ProjectionBenchmark.DAYS, ChronoUnit.DAYS), end,
                        ProjectionBenchmark.DEALS_PER_REP_PER_MONTH, 0.05, 0.05)).events();
                client.post(base, history);
            }
            client.awaitCaughtUp(base, -1, "h2");
            // the forecast's processor reads the whole stream at every start (its read model is in memory)
            System.out.printf(Locale.ROOT, "[h2] started and every processor caught up after %.1f s%n",
                    (System.nanoTime() - starting) / 1e9);
            long stored = ProjectionBenchmark.countEvents(app);
            Projections projections = app.getBean(Projections.class);
            for (int i = 1; i <= REBUILDS; i++) {
                Recording jfr = i == REBUILDS ? ProjectionBenchmark.jfr("replay") : null;
                long started = System.nanoTime();
                long read = projections.replay();
                double seconds = (System.nanoTime() - started) / 1e9;
                ProjectionBenchmark.dump(jfr, "rebuild-h2", "replay");
                System.out.printf(Locale.ROOT, "[h2] rebuild %d of %,d events (%,d stored): %.2f s, %,.0f events/s%n",
                        i, read, stored, seconds, read / seconds);
            }
        } finally {
            app.close();
        }
    }
}
