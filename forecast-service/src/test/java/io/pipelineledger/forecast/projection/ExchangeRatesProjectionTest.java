package io.pipelineledger.forecast.projection;

import io.pipelineledger.events.EventJson;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import io.pipelineledger.events.stream.PayloadDecoder;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rates reach the forecast's read model as the three-service mode's event source hands them over (the payload bytes
 * as stored, decoded by type and revision, then the projection): every rate counts, a correction replaces what it
 * corrects, a redelivery changes no rate, and each one moves the version so no cached forecast outlives it.
 */
class ExchangeRatesProjectionTest {

    private final PayloadDecoder decoder = new PayloadDecoder(EventJson.axonSerializer(), NoOpEventUpcaster.INSTANCE);
    private final ForecastLedger ledger = new ForecastLedger();
    private final ForecastProjection projection = new ForecastProjection(ledger);

    @Test
    void theEventSourceDecodesRatesAndTheProjectionRecordsThem() throws Exception {
        String type = ExchangeRateSetEvent.class.getName();
        assertThat(decoder.knows(type, "1")).as("the event source accepts the type").isTrue();
        deliver(rate("EUR", "2026-01-01", "1.10", 0), 0);
        deliver(rate("EUR", "2026-08-15", "1.25", 0), 1);
        long version = ledger.version();
        deliver(rate("EUR", "2026-08-15", "1.20", 1), 2); // a correction
        assertThat(ledger.version()).as("a rate moves the version").isGreaterThan(version);

        assertThat(ledger.rates().factor("EUR", "USD", LocalDate.parse("2026-08-14")))
                .hasValueSatisfying(f -> assertThat(f).isEqualByComparingTo("1.10"));
        assertThat(ledger.rates().factor("EUR", "USD", LocalDate.parse("2026-08-15")))
                .hasValueSatisfying(f -> assertThat(f).isEqualByComparingTo("1.20"));
        assertThat(ledger.rates().factor("EUR", "USD", LocalDate.parse("2025-12-31"))).isEmpty();
        assertThat(ledger.view().rates().all()).hasSize(2);

        deliver(rate("EUR", "2026-08-15", "1.20", 1), 2); // redelivered
        assertThat(ledger.rates().all()).hasSize(2);
        assertThat(ledger.received()).isEqualTo(4);
    }

    private void deliver(ExchangeRateSetEvent event, long sequence) throws Exception {
        byte[] payload = EventJson.mapper().writeValueAsBytes(event);
        Object decoded = decoder.decode(ExchangeRateSetEvent.class.getName(), "1", ExchangeRateSetEvent.TABLE_ID,
                sequence, sequence, payload);
        assertThat(decoded).isEqualTo(event);
        projection.on((ExchangeRateSetEvent) decoded);
    }

    private static ExchangeRateSetEvent rate(String currency, String from, String rate, int n) {
        return new ExchangeRateSetEvent("rate:" + currency + ":" + from + ":" + n, ExchangeRateSetEvent.TABLE_ID,
                Instant.parse("2026-09-01T00:00:00Z"), currency, LocalDate.parse(from), new BigDecimal(rate), "USD",
                null, null);
    }
}
