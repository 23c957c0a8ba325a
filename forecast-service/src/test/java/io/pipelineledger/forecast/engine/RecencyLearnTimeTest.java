package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.generator.CrmHistoryGenerator;
import io.pipelineledger.events.process.DefaultSalesProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What recency costs the learning pass, on the generated history the benchmark uses (500 reps in 10 renamed
 * histories of 50, two years): best of five learns without decay and with a 180-day half-life. Prints
 * {@code RESULT} lines; asserts only that decay does not multiply the cost (one pow per fact, one per rep-day).
 */
class RecencyLearnTimeTest {

    private static final Instant END = Instant.parse("2026-10-01T00:00:00Z");

    @Test
    void learningWithDecayCostsAboutTheSameAsWithout() {
        DealHistories.Builder builder = DealHistories.builder();
        for (int chunk = 0; chunk < 10; chunk++) {
            CrmHistoryGenerator.Settings settings = new CrmHistoryGenerator.Settings(100 + chunk, 50, 2,
                    END.minus(Duration.ofDays(730)), END, 3.0, 0.05, 0.05);
            new GeneratedHistories(String.format(Locale.ROOT, "c%02d-", chunk))
                    .addAll(new CrmHistoryGenerator().generate(settings).events(), builder);
        }
        DealHistories deals = builder.build();
        ForecastSettings flat = ForecastSettings.defaults();
        ForecastSettings decayed = flat.withHalfLife(180);
        double flatMs = Double.MAX_VALUE;
        double decayedMs = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) { // alternate, so both see the same warm-up and machine load
            flatMs = Math.min(flatMs, learnMillis(deals, flat));
            decayedMs = Math.min(decayedMs, learnMillis(deals, decayed));
        }
        System.out.printf(Locale.ROOT, "RESULT deals %d facts %d%n", deals.deals().size(), deals.factCount());
        System.out.printf(Locale.ROOT, "RESULT learn.flat.ms %.1f%nRESULT learn.halfLife180.ms %.1f%n", flatMs,
                decayedMs);
        assertThat(decayedMs).isLessThan(2 * flatMs + 100);
    }

    private static double learnMillis(DealHistories deals, ForecastSettings settings) {
        long started = System.nanoTime();
        ForecastModel model = ForecastModel.learn(deals, END, DefaultSalesProcess.get(), settings);
        double ms = (System.nanoTime() - started) / 1e6;
        assertThat(model.dealsUsed()).isPositive();
        return ms;
    }
}
