package io.pipelineledger.forecast.engine;

import io.pipelineledger.events.money.ExchangeRates;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Converts deals' amounts into one currency with the ledger's dated rates, for one computation (a forecast, a
 * model's learning): each (currency, day) factor is looked up once, as a forecast converts thousands of wins on a
 * few hundred distinct days. Not thread-safe: one computation's thread uses it.
 */
final class Conversion {

    private final ExchangeRates rates;
    private final String to;
    private final Map<String, Map<Long, Double>> factors = new HashMap<>();

    Conversion(ExchangeRates rates, String to) {
        this.rates = rates;
        this.to = to;
    }

    /** The currency amounts are converted into. */
    String currency() {
        return to;
    }

    /**
     * What one unit of {@code from} is worth in {@link #currency()} on {@code on}: 1 for the same currency or a
     * deal that never named one (its amount is 0), NaN when no rate connects them that day.
     */
    double factor(String from, LocalDate on) {
        if (from == null || from.equals(to)) {
            return 1;
        }
        return factors.computeIfAbsent(from, k -> new HashMap<>())
                .computeIfAbsent(on.toEpochDay(), day -> rates.factorOrNaN(from, to, on));
    }
}
