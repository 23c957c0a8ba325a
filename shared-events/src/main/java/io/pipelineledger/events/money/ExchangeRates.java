package io.pipelineledger.events.money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The dated exchange rates the ledger knows, and conversion between any two currencies on a business date.
 * A rate is in force from its {@code validFrom} until the same currency's next one; before a currency's first
 * rate there is none. Two currencies convert through a quote currency both have a rate to (the quote currency
 * itself is worth 1 of itself), so rates recorded under an earlier reporting currency keep working.
 * <p>
 * Safe for one writer and many readers: each change publishes a new immutable table.
 */
public final class ExchangeRates {

    /** Enough digits that a factor's rounding never shows in a cent of a total. */
    private static final MathContext FACTOR = MathContext.DECIMAL128;

    /** quote currency → currency → validFrom → rate. */
    private volatile Map<String, Map<String, TreeMap<LocalDate, BigDecimal>>> table = Map.of();
    private volatile long version;

    /** The business date a fact converts at: its instant's date in UTC. */
    public static LocalDate dateOf(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** Records a rate; a later rate for the same currency, quote and date replaces the earlier one. */
    public synchronized void record(ExchangeRate rate) {
        Map<String, Map<String, TreeMap<LocalDate, BigDecimal>>> next = new HashMap<>();
        table.forEach((quote, byCurrency) -> {
            Map<String, TreeMap<LocalDate, BigDecimal>> copy = new HashMap<>();
            byCurrency.forEach((currency, dates) -> copy.put(currency, new TreeMap<>(dates)));
            next.put(quote, copy);
        });
        next.computeIfAbsent(rate.quoteCurrency(), q -> new HashMap<>())
                .computeIfAbsent(rate.currency(), c -> new TreeMap<>())
                .put(rate.validFrom(), rate.rate());
        table = next;
        version++;
    }

    public void record(ExchangeRateSetEvent event) {
        record(event.toRate());
    }

    /** Counts changes, for callers that cache converted figures. */
    public long version() {
        return version;
    }

    /** Every rate on record (corrections replace what they correct), by quote, currency and date. */
    public List<ExchangeRate> all() {
        List<ExchangeRate> rates = new ArrayList<>();
        table.forEach((quote, byCurrency) -> byCurrency.forEach((currency, dates) -> dates.forEach(
                (from, rate) -> rates.add(new ExchangeRate(currency, from, rate, quote)))));
        rates.sort(ORDER);
        return rates;
    }

    /** The rate of each currency in force on {@code on}: one per currency and quote currency. */
    public List<ExchangeRate> inForce(LocalDate on) {
        List<ExchangeRate> rates = new ArrayList<>();
        table.forEach((quote, byCurrency) -> byCurrency.forEach((currency, dates) -> {
            Map.Entry<LocalDate, BigDecimal> entry = dates.floorEntry(on);
            if (entry != null) {
                rates.add(new ExchangeRate(currency, entry.getKey(), entry.getValue(), quote));
            }
        }));
        rates.sort(ORDER);
        return rates;
    }

    /** What one {@code from} is worth in {@code to} on {@code on}; empty when no rate connects them that day. */
    public Optional<BigDecimal> factor(String from, String to, LocalDate on) {
        if (from.equals(to)) {
            return Optional.of(BigDecimal.ONE);
        }
        for (Map.Entry<String, Map<String, TreeMap<LocalDate, BigDecimal>>> quote : table.entrySet()) {
            BigDecimal fromRate = rate(quote.getKey(), quote.getValue(), from, on);
            BigDecimal toRate = fromRate == null ? null : rate(quote.getKey(), quote.getValue(), to, on);
            if (toRate != null) {
                return Optional.of(toRate.compareTo(BigDecimal.ONE) == 0 ? fromRate
                        : fromRate.divide(toRate, FACTOR));
            }
        }
        return Optional.empty();
    }

    /** {@link #factor} as a double, NaN when there is none: for the forecast's double arithmetic. */
    public double factorOrNaN(String from, String to, LocalDate on) {
        return factor(from, to, on).map(BigDecimal::doubleValue).orElse(Double.NaN);
    }

    /** {@code value} in {@code from} converted to {@code to} on {@code on}; empty when no rate connects them. */
    public Optional<BigDecimal> convert(BigDecimal value, String from, String to, LocalDate on) {
        return factor(from, to, on).map(f -> f.compareTo(BigDecimal.ONE) == 0 ? value : value.multiply(f, FACTOR));
    }

    private static BigDecimal rate(String quote, Map<String, TreeMap<LocalDate, BigDecimal>> byCurrency,
                                   String currency, LocalDate on) {
        if (currency.equals(quote)) {
            return BigDecimal.ONE;
        }
        TreeMap<LocalDate, BigDecimal> dates = byCurrency.get(currency);
        Map.Entry<LocalDate, BigDecimal> entry = dates == null ? null : dates.floorEntry(on);
        return entry == null ? null : entry.getValue();
    }

    private static final Comparator<ExchangeRate> ORDER = Comparator.comparing(ExchangeRate::quoteCurrency)
            .thenComparing(ExchangeRate::currency).thenComparing(ExchangeRate::validFrom);
}
