package io.pipelineledger.events.money;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** From {@code validFrom} on, one {@code currency} is worth {@code rate} {@code quoteCurrency}. */
public record ExchangeRate(String currency, LocalDate validFrom, BigDecimal rate, String quoteCurrency) {

    public ExchangeRate {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(quoteCurrency, "quoteCurrency");
        if (rate.signum() <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
    }
}
