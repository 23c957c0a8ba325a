package io.pipelineledger.forecast.web;

import io.pipelineledger.forecast.engine.Method;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The method parameter: every computed method by its lower-case name; anything else a 400 naming the field. */
class ForecastMethodParameterTest {

    @Test
    void cohortAndRunRateAreAccepted() {
        assertThat(ForecastParameters.method(null)).isEqualTo(Method.AUTO); // the default
        assertThat(ForecastParameters.method("cohort")).isEqualTo(Method.COHORT);
        assertThat(ForecastParameters.method("run_rate")).isEqualTo(Method.RUN_RATE);
        assertThat(ForecastParameters.method(" Baseline ")).isEqualTo(Method.BASELINE);
    }

    @Test
    void anUnknownMethodIsA400ListingTheComputedOnes() {
        for (String bad : new String[]{"runrate", "cohorts"}) {
            assertThatThrownBy(() -> ForecastParameters.method(bad))
                    .isInstanceOfSatisfying(BadForecastRequestException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.field()).isEqualTo("method");
                        assertThat(e.getMessage()).contains("learned, baseline, cohort, run_rate").contains(bad);
                    });
        }
    }
}
