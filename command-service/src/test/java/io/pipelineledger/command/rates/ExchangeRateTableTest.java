package io.pipelineledger.command.rates;

import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.api.SetExchangeRatesCommand;
import io.pipelineledger.events.Actor;
import io.pipelineledger.events.money.ExchangeRate;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static io.pipelineledger.events.money.ExchangeRateSetEvent.TABLE_ID;

/** Which rates become events: new ones and corrections, never the same rate twice, all or none. */
class ExchangeRateTableTest {

    private static final Instant AT = Instant.parse("2026-03-01T08:00:00Z");
    private static final Actor ADMIN = new Actor(Actor.API_KEY, "admin01", "finance admins");
    private static final LocalDate JAN = LocalDate.parse("2026-01-01");
    private static final LocalDate APR = LocalDate.parse("2026-04-01");

    private FixtureConfiguration<ExchangeRateTable> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ExchangeRateTable.class);
    }

    @Test
    void eachNewRateIsOneEventWithTheLedgersEventId() {
        fixture.givenNoPriorActivity()
                .when(set(rate("EUR", JAN, "1.08"), rate("GBP", JAN, "1.27"), rate("EUR", APR, "1.07")))
                .expectEvents(event("rate:EUR:2026-01-01:1", "EUR", JAN, "1.08"),
                        event("rate:GBP:2026-01-01:1", "GBP", JAN, "1.27"),
                        event("rate:EUR:2026-04-01:1", "EUR", APR, "1.07"))
                .expectResultMessagePayload(new ExchangeRateTable.Outcome(List.of(rate("EUR", JAN, "1.08"),
                        rate("GBP", JAN, "1.27"), rate("EUR", APR, "1.07")), 2));
    }

    @Test
    void theSameRateAgainRecordsNothingEvenWrittenWithOtherDigits() {
        fixture.given(event("rate:EUR:2026-01-01:1", "EUR", JAN, "1.08"))
                .when(set(rate("EUR", JAN, "1.080")))
                .expectNoEvents()
                .expectResultMessagePayload(new ExchangeRateTable.Outcome(List.of(), 0));
    }

    @Test
    void aDifferentRateForTheSameDateIsACorrectionCountedInItsEventId() {
        fixture.given(event("rate:EUR:2026-01-01:1", "EUR", JAN, "1.08"),
                        event("rate:EUR:2026-01-01:2", "EUR", JAN, "1.09"))
                .when(set(rate("EUR", JAN, "1.08"), rate("GBP", JAN, "1.27")))
                .expectEvents(event("rate:EUR:2026-01-01:3", "EUR", JAN, "1.08"),
                        event("rate:GBP:2026-01-01:1", "GBP", JAN, "1.27"));
    }

    @Test
    void theSameEntryTwiceInOneCommandIsOneRate() {
        fixture.givenNoPriorActivity()
                .when(set(rate("EUR", JAN, "1.08"), rate("EUR", JAN, "1.08")))
                .expectEvents(event("rate:EUR:2026-01-01:1", "EUR", JAN, "1.08"));
    }

    @Test
    void twoRatesForOneCurrencyAndDateInOneCommandRecordNone() {
        fixture.given(event("rate:GBP:2026-01-01:1", "GBP", JAN, "1.27"))
                .when(set(rate("EUR", APR, "1.07"), rate("GBP", JAN, "1.30"), rate("EUR", APR, "1.06")))
                .expectNoEvents()
                .expectException(CommandRejectedException.class)
                .expectExceptionMessage("rates[2] sets EUR from 2026-04-01 to 1.06 but an earlier entry set it to 1.07");
    }

    @Test
    void anEmptyListIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new SetExchangeRatesCommand(TABLE_ID, List.of(), AT, ADMIN, null))
                .expectNoEvents()
                .expectException(CommandRejectedException.class);
    }

    private static SetExchangeRatesCommand set(ExchangeRate... rates) {
        return new SetExchangeRatesCommand(TABLE_ID, List.of(rates), AT, ADMIN, "treasury@example.com");
    }

    private static ExchangeRate rate(String currency, LocalDate from, String rate) {
        return new ExchangeRate(currency, from, new BigDecimal(rate), "USD");
    }

    private static ExchangeRateSetEvent event(String eventId, String currency, LocalDate from, String rate) {
        return new ExchangeRateSetEvent(eventId, TABLE_ID, AT, currency, from, new BigDecimal(rate), "USD", ADMIN,
                "treasury@example.com");
    }
}
