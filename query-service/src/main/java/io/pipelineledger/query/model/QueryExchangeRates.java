package io.pipelineledger.query.model;

import io.pipelineledger.events.money.ExchangeRate;
import io.pipelineledger.events.money.ExchangeRateSetEvent;
import io.pipelineledger.events.money.ExchangeRates;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The exchange rates the query side's answers convert with, and the reporting currency they convert to by default.
 * Filled by the projection from {@code ExchangeRateSetEvent}s (and from the durable read model at start); a replay
 * starts it afresh. A correction (the same currency, quote and date set again) counts by its number in the event id
 * ({@code rate:<currency>:<validFrom>:<n>}), not by arrival: an event topic may bring an older one again, or later
 * (a redelivery, or a copy on another partition). Not a bare {@link ExchangeRates} bean: in the one-process app
 * the command and forecast sides keep theirs.
 */
public final class QueryExchangeRates {

    /** A rate as kept, with the correction number it came with. */
    public record Kept(ExchangeRate rate, long correction) {
    }

    private record Key(String quote, String currency, LocalDate validFrom) {
    }

    private final String reportingCurrency;
    private volatile ExchangeRates rates = new ExchangeRates();
    private final Map<Key, Kept> kept = new HashMap<>();

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

    /** Records the event's rate unless a later correction of it is kept already; the rate as kept when recorded. */
    public synchronized Kept record(ExchangeRateSetEvent event) {
        return record(event.toRate(), correctionOf(event.eventId()));
    }

    /** As {@link #record(ExchangeRateSetEvent)}; null when an equal or later correction was kept already. */
    public synchronized Kept record(ExchangeRate rate, long correction) {
        Key key = new Key(rate.quoteCurrency(), rate.currency(), rate.validFrom());
        Kept before = kept.get(key);
        if (before != null && (before.correction() > correction
                || (before.correction() == correction && before.rate().equals(rate)))) {
            return null;
        }
        Kept now = new Kept(rate, correction);
        kept.put(key, now);
        rates.record(rate);
        return now;
    }

    public synchronized int size() {
        return kept.size();
    }

    /** Every rate kept, for the durable read model. */
    public synchronized java.util.List<Kept> all() {
        return java.util.List.copyOf(kept.values());
    }

    /** Forgets every rate (before a replay). */
    public synchronized void clear() {
        kept.clear();
        rates = new ExchangeRates();
    }

    /** n of {@code rate:<currency>:<validFrom>:<n>}; 0 for an id of another form (then arrival order decides). */
    static long correctionOf(String eventId) {
        if (eventId == null) {
            return 0;
        }
        try {
            return Long.parseLong(eventId.substring(eventId.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
