package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.process.DefaultSalesProcess;
import io.pipelineledger.events.process.SalesProcess;
import io.pipelineledger.events.process.StageDefinition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A forecast's provenance describes the method actually used: the baseline's, never the learned model's. */
class BaselineProvenanceTest {

    private static final BusinessPeriod Q1 = BusinessPeriod.parse("2026-Q1").orElseThrow();
    private static final Instant AS_OF = Facts.at("2026-02-01");
    /** Parameters only the learned model reads. */
    private static final List<String> LEARNED_ONLY = List.of("lookbackDays", "repStrength", "teamStrength",
            "processPriorStrength", "dwellMinExits", "rateStrengthDays", "seasonalityStrength", "amountStrength",
            "activeRepDays", "applyWonAmountRatio", "rateDispersion");

    private final ForecastSettings settings = ForecastSettings.defaults();
    private final ForecastEngine engine = new ForecastEngine(DefaultSalesProcess.get(), settings);
    private final DealHistories deals = new Facts()
            .opened("D1", "2025-11-01", "r1", "t1", "discussion", 10_000, "2026-02-15")
            .opened("D2", "2025-12-01", "r1", "t1", "closing", 20_000, "2026-03-10")
            .histories();

    @Test
    void aBaselineAnswerNamesTheBaselineAndItsOwnParameters() {
        Provenance baseline = engine.forecast(new ForecastRequest(Q1, AS_OF, Grouping.ALL, Method.BASELINE), deals)
                .provenance();
        assertThat(baseline.method()).isEqualTo(Method.BASELINE);
        assertThat(baseline.modelVersion()).isEqualTo(BaselineMethod.VERSION).isNotEqualTo(ForecastModel.VERSION);
        assertThat(baseline.modelAsOf()).as("the baseline learns nothing").isNull();
        assertThat(baseline.learnedFrom()).isNull();
        assertThat(baseline.parameters()).doesNotContainKeys(LEARNED_ONLY.toArray(String[]::new));
        assertThat(baseline.parameters()).containsEntry("simulations", "1000")
                .containsEntry("seed", Long.toString(settings.seed()))
                .containsEntry("commitThreshold", "0.7").containsEntry("bestCaseThreshold", "0.4");
        // each open stage's fixed probability, as the sales process defines it (the stages after the win have none)
        SalesProcess process = DefaultSalesProcess.get();
        Map<String, String> parameters = baseline.parameters();
        List<StageDefinition> open = process.stages().stream().filter(s -> !s.afterWin()).toList();
        open.forEach(stage -> assertThat(parameters)
                .containsEntry(BaselineMethod.PROBABILITY + stage.id().value(), Double.toString(stage.probability())));
        assertThat(parameters.keySet().stream().filter(k -> k.startsWith(BaselineMethod.PROBABILITY)))
                .hasSize(open.size());
        assertThat(parameters).containsEntry(BaselineMethod.PROBABILITY + "discussion", "0.6");
        assertThat(baseline.deals()).isEqualTo(2);
        assertThat(baseline.eventsUpTo()).isEqualTo(Facts.at("2025-12-01"));
    }

    @Test
    void aLearnedAnswerStillNamesTheModelItsWindowAndEverySetting() {
        Provenance learned = engine.forecast(new ForecastRequest(Q1, AS_OF, Grouping.ALL, Method.LEARNED), deals)
                .provenance();
        assertThat(learned.modelVersion()).isEqualTo(ForecastModel.VERSION);
        assertThat(learned.modelAsOf()).isEqualTo(AS_OF);
        assertThat(learned.learnedFrom()).isEqualTo(AS_OF.minus(java.time.Duration.ofDays(settings.lookbackDays())));
        assertThat(learned.parameters()).isEqualTo(settings.parameters());
    }
}
