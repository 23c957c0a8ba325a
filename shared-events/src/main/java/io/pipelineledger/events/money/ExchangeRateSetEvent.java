package io.pipelineledger.events.money;

import io.pipelineledger.events.Actor;
import io.pipelineledger.events.LedgerEvent;
import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An exchange rate was set: from {@code validFrom} (a business date, UTC) until the currency's next rate, one unit
 * of {@code currency} is worth {@code rate} units of {@code quoteCurrency} (the ledger's reporting currency when it
 * was set). Setting a rate again for the same currency and date corrects it: the later one counts, the earlier one
 * stays on record. {@code eventId} is the ledger's own ({@code rate:<currency>:<validFrom>:<n>}, n counting the
 * rates recorded for that currency and date); {@code occurredAt} is when it was set.
 *
 * @param tableId    the aggregate: {@code exchange-rates}
 * @param actor      who set it, as authenticated
 * @param onBehalfOf whom the client said it acted for ({@code X-Ledger-Actor}); null when it said nothing
 */
@Revision("1")
public record ExchangeRateSetEvent(String eventId, String tableId, Instant occurredAt, String currency,
                                   LocalDate validFrom, BigDecimal rate, String quoteCurrency, Actor actor,
                                   String onBehalfOf) implements LedgerEvent {

    /** The aggregate every rate belongs to. */
    public static final String TABLE_ID = "exchange-rates";

    public ExchangeRate toRate() {
        return new ExchangeRate(currency, validFrom, rate, quoteCurrency);
    }
}
