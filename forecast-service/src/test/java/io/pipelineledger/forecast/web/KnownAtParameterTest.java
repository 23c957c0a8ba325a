package io.pipelineledger.forecast.web;

import io.pipelineledger.forecast.engine.KnownAt;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** knownAt as the forecast endpoints read it: the recording-time cut, now, each-origin, and what is refused. */
class KnownAtParameterTest {

    private static final Instant NOW = Instant.parse("2026-12-04T18:00:00Z");

    @Test
    void absentAndNowMeanEveryFactOnRecord() {
        assertThat(ForecastParameters.knownAt(null, NOW)).isNull();
        assertThat(ForecastParameters.knownAt(" ", NOW)).isNull();
        assertThat(ForecastParameters.knownAt("NOW", NOW)).isNull();
        assertThat(ForecastParameters.knownAt("2026-10-01", NOW)).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        assertThat(ForecastParameters.knownAt("2026-12-04T18:00:00Z", NOW)).isEqualTo(NOW);
    }

    @Test
    void aBacktestDefaultsToEachOriginAndNowIsHindsight() {
        assertThat(ForecastParameters.backtestKnownAt(null, NOW)).isEqualTo(KnownAt.EACH_ORIGIN);
        assertThat(ForecastParameters.backtestKnownAt("each-origin", NOW)).isEqualTo(KnownAt.EACH_ORIGIN);
        assertThat(ForecastParameters.backtestKnownAt("now", NOW)).isNull();
        assertThat(ForecastParameters.backtestKnownAt("2026-05-01", NOW))
                .isEqualTo(KnownAt.at(Instant.parse("2026-05-01T00:00:00Z")));
    }

    @Test
    void theFutureAndTheMalformedAreRefusedNamingKnownAt() {
        for (String bad : new String[]{"2026-12-04T18:00:00.001Z", "2999-01-01", "yesterday", "1969-12-31",
                "2026-13-01", "each-origin"}) {
            assertThatThrownBy(() -> ForecastParameters.knownAt(bad, NOW)).as(bad)
                    .isInstanceOfSatisfying(BadForecastRequestException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.field()).isEqualTo("knownAt");
                    });
        }
        assertThatThrownBy(() -> ForecastParameters.backtestKnownAt("tomorrow", NOW))
                .isInstanceOfSatisfying(BadForecastRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("knownAt");
                    assertThat(e.getMessage()).contains("each-origin");
                });
    }
}
