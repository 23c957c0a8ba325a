package io.pipelineledger.forecast.engine.trouble;

import io.pipelineledger.forecast.engine.Method;
import io.pipelineledger.forecast.engine.trouble.ForecastEvaluation.Origins;
import io.pipelineledger.forecast.engine.trouble.ForecastEvaluation.Point;
import io.pipelineledger.forecast.engine.trouble.ForecastEvaluation.Score;
import io.pipelineledger.forecast.engine.trouble.TroubleGenerators.Scenario;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's targets for {@code method=auto} on every generator of trouble, over rolling origins (8 quarters and 12
 * months, as of each period's start; company level): WMAPE at most 1.1× the best single candidate's (learned,
 * cohort, run_rate) and below run_rate's; pooled P10–P90 coverage within 0.70–0.90; on (a), the second quarter after
 * the drop within 8 % of the actual. The auto self-check is heavy: about 50 s per generator at full size on a
 * trial merge (h1 + h3, 2026-12-04), so ~6–7 min for the class; {@link #SCALE} below 1 shrinks the histories (and
 * the time) at the price of noisier quarters (a quarter's actual has ~6 % relative spread at full size).
 */
@Disabled("until method=auto is merged (h3)")
class TroubleForecastTest {

    private static final long SEED = 1;
    /** Multiplies the deals each generator creates (1: 5–15k deals over three years). */
    private static final double SCALE = 1;
    /** Quarter and month starts (20 origins); mid-period origins would double the points and the time. */
    private static final Origins ORIGINS = new Origins(true, true, false);
    private static final List<Method> CANDIDATES = List.of(Method.LEARNED, Method.COHORT, Method.RUN_RATE);
    private static final List<Method> METHODS = List.of(Method.LEARNED, Method.COHORT, Method.RUN_RATE, Method.AUTO);
    private static final Map<String, BiFunction<Long, Double, Scenario>> GENERATORS = Map.of(
            "a", TroubleGenerators::conversionDrop,
            "b", TroubleGenerators::growthAndPush,
            "c", TroubleGenerators::truncatedExport,
            "d", TroubleGenerators::rampingTeam,
            "e", TroubleGenerators::stalePipeline,
            "f", TroubleGenerators::twoStageNoDates,
            "g", TroubleGenerators::existing);

    @ParameterizedTest(name = "({0})")
    @ValueSource(strings = {"a", "b", "c", "d", "e", "f", "g"})
    void autoIsAsGoodAsTheBestCandidateWithBandsThatHold(String generator) {
        Scenario s = GENERATORS.get(generator).apply(SEED, SCALE);
        Map<Method, Score> scores = new ForecastEvaluation(s).scores(METHODS, ORIGINS);
        scores.values().forEach(score -> System.out.printf(Locale.ROOT,
                "%s %-8s points=%d WMAPE=%.3f bias=%+.3f coverage=%.2f%n", s.key(), score.method(), score.points(),
                score.wmape(), score.bias(), score.coverage()));
        Score auto = scores.get(Method.AUTO);
        double best = CANDIDATES.stream().mapToDouble(m -> scores.get(m).wmape()).min().orElseThrow();

        assertThat(auto.points()).isEqualTo(20);
        assertThat(auto.wmape()).as("auto WMAPE vs 1.1 x best candidate's").isLessThanOrEqualTo(1.1 * best);
        assertThat(auto.wmape()).as("auto WMAPE vs run_rate's").isLessThan(scores.get(Method.RUN_RATE).wmape());
        assertThat(auto.coverage()).as("auto P10-P90 coverage").isBetween(0.70, 0.90);
        if (generator.equals("a")) {
            Point q = new ForecastEvaluation(s).asOfStart(TroubleGenerators.SECOND_QUARTER_AFTER_DROP, Method.AUTO);
            System.out.printf(Locale.ROOT, "%s auto %s: forecast %.0f actual %.0f (%+.3f)%n", s.key(), q.period(),
                    q.forecast(), q.actual(), q.forecast() / q.actual() - 1);
            assertThat(Math.abs(q.forecast() / q.actual() - 1)).as("second quarter after the drop").isLessThan(0.08);
        }
    }
}
