package io.pipelineledger.query.metrics;

import io.pipelineledger.events.money.ExchangeRates;
import io.pipelineledger.events.money.UnconvertedAmount;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts deals' amounts into one currency for one answer, and remembers the amounts it could not convert (no rate
 * connecting their currency to the answer's on their date) so the answer can list them: an amount in another
 * currency is never added as if it were the answer's. Open deals convert at the answer's as-of date, closed deals at
 * their close's business date (UTC). Not thread-safe: one per answer.
 */
public final class AmountConverter {

    /** ISO 4217's "no currency": the currency of an amount whose currency is not known. */
    public static final String UNKNOWN_CURRENCY = "XXX";

    private final ExchangeRates rates;
    private final String currency;
    private final LocalDate asOf;
    private final int scale;
    /** By deal and date, in the order met: each missing conversion listed once. */
    private final Map<String, UnconvertedAmount> unconverted = new LinkedHashMap<>();

    public AmountConverter(ExchangeRates rates, String currency, Instant asOf) {
        this.rates = rates;
        this.currency = currency;
        this.asOf = ExchangeRates.dateOf(asOf);
        int digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        // a converted amount is kept to the minor unit, so a group's total is the sum of its stages' to the cent
        this.scale = digits < 0 ? 4 : digits;
    }

    public String currency() {
        return currency;
    }

    /** The date a deal's amount converts at: as-of for an open deal, the close's date for a closed one. */
    public LocalDate dateOf(DealSnapshot deal) {
        return deal.status() == DealSnapshot.Status.OPEN || deal.closedAt() == null ? asOf
                : ExchangeRates.dateOf(deal.closedAt());
    }

    /** The deal's amount in the answer's currency; empty (and remembered) when no rate converts it. */
    public Optional<BigDecimal> amount(DealSnapshot deal) {
        LocalDate on = dateOf(deal);
        String from = deal.currency() == null ? UNKNOWN_CURRENCY : deal.currency();
        if (deal.currency() != null && from.equals(currency)) {
            return Optional.of(deal.amount());
        }
        Optional<BigDecimal> converted = deal.currency() == null ? Optional.empty()
                : rates.convert(deal.amount(), from, currency, on);
        if (converted.isEmpty()) {
            unconverted.putIfAbsent(deal.opportunityId().value() + '@' + on, UnconvertedAmount.of(
                    deal.opportunityId().value(), plain(deal.amount()), from, currency, on));
            return Optional.empty();
        }
        return Optional.of(converted.get().setScale(scale, RoundingMode.HALF_EVEN));
    }

    /** The amounts left out so far, by deal id. */
    public List<UnconvertedAmount> warnings() {
        List<UnconvertedAmount> list = new ArrayList<>(unconverted.values());
        list.sort(Comparator.comparing(UnconvertedAmount::opportunityId).thenComparing(UnconvertedAmount::on));
        return list;
    }

    /** Without trailing zeros, never in exponent form (1E+5). */
    public static BigDecimal plain(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
