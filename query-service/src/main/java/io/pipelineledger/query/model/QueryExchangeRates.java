package io.pipelineledger.query.model;

import io.pipelineledger.events.money.ExchangeRate;
import io.pipelineledger.events.money.ExchangeRates;

import java.util.Collection;

/**
 * The exchange rates the query side's answers convert with, and the reporting currency they convert to by default.
 * Filled by the projection from {@code ExchangeRateSetEvent}s (and from the durable read model at start); a replay
 * starts it afresh. Not a bare {@link ExchangeRates} bean: in the one-process app the command and forecast sides keep
 * theirs.
 */
public final class QueryExchangeRates {

    private final String reportingCurrency;
    private volatile ExchangeRates rates = new ExchangeRates();

    public QueryExchangeRates(String reportingCurrency) {
        this.reportingCurrency = reportingCurrency;
    }

    public String reportingCurrency() {
        return reportingCurrency;
    }

    /** The rates now; each recorded rate publishes a new table, so one lookup never sees half a change. */
    public ExchangeRates rates() {
        return rates;
    }

    public void record(ExchangeRate rate) {
        rates.record(rate);
    }

    public void recordAll(Collection<ExchangeRate> all) {
        all.forEach(rates::record);
    }

    /** Forgets every rate (before a replay). */
    public void clear() {
        rates = new ExchangeRates();
    }
}
