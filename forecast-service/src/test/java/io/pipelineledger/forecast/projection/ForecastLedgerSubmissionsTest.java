package io.pipelineledger.forecast.projection;

import io.pipelineledger.events.Actor;
import io.pipelineledger.events.ForecastSubmittedEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A submission recorded by this service is in the read model at once, and the projection's later delivery of the
 * same event adds nothing (nor does a delivery before the write-through, the other order).
 */
class ForecastLedgerSubmissionsTest {

    @Test
    void theWriteThroughAndTheProjectionAddOneSubmission() {
        ForecastLedger ledger = new ForecastLedger();
        ForecastSubmittedEvent first = submission("s-1", "2026-11-22T09:00:00Z");
        ledger.recordedHere(first);
        assertThat(ledger.submissions()).containsExactly(first);
        assertThat(ledger.received()).as("not delivered by the stream yet").isZero();

        ledger.submitted(first);
        assertThat(ledger.submissions()).containsExactly(first);
        assertThat(ledger.received()).isEqualTo(1);

        ForecastSubmittedEvent second = submission("s-2", "2026-11-22T08:00:00Z");
        ledger.submitted(second);
        ledger.recordedHere(second);
        assertThat(ledger.submissions()).containsExactly(second, first); // oldest first
    }

    private static ForecastSubmittedEvent submission(String id, String at) {
        Instant when = Instant.parse(at);
        BigDecimal n = new BigDecimal("100.00");
        return new ForecastSubmittedEvent("submission:" + id, id, when, "2026-Q4", "all", "all", "learned", when,
                "cfo@example.com", null, null, n, n, n, n, n, n, n, n, "v", when, Actor.LEDGER_DEFAULT, null);
    }
}
