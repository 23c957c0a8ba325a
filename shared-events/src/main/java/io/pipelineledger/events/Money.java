package io.pipelineledger.events;

import java.math.BigDecimal;
import java.util.Objects;

/** An amount in an ISO-4217 currency. Never negative: the ledger rejects negative amounts at the door. */
public record Money(BigDecimal value, String currency) {

    public Money {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(String value, String currency) {
        return new Money(new BigDecimal(value), currency);
    }

    public Money withValue(BigDecimal newValue) {
        return new Money(newValue, currency);
    }
}
