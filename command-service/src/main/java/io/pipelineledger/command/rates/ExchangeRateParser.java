package io.pipelineledger.command.rates;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.command.ingest.JsonInput;
import io.pipelineledger.events.money.ExchangeRate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import static io.pipelineledger.command.ingest.JsonInput.bad;

/**
 * Reads the body of {@code PUT /api/v1/exchange-rates}: a JSON array of {@code {currency, validFrom, rate}}, each
 * rate to the reporting currency. Entries are named {@code rates[i]} in errors. Every entry is checked before
 * any is recorded.
 */
public final class ExchangeRateParser {

    public static final int MAX_RATES = 10_000;
    /** Like amounts: a longer number text is refused before a BigDecimal is built from it. */
    public static final int MAX_RATE_TEXT = 40;
    /** Far beyond any real currency pair, so a factor and its inverse stay ordinary doubles for the forecast. */
    static final BigDecimal SMALLEST = new BigDecimal("1e-12");
    static final BigDecimal LARGEST = new BigDecimal("1e12");
    /** BusinessTime's range, as dates. */
    static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
    static final LocalDate LATEST = LocalDate.of(9999, 12, 31);
    private static final List<String> FIELDS = List.of("currency", "validFrom", "rate");

    private ExchangeRateParser() {
    }

    public static List<ExchangeRate> parse(JsonNode body, String reportingCurrency) throws CommandRejectedException {
        if (body == null || !body.isArray()) {
            throw bad("body", "must be a JSON array of rates such as "
                    + "[{\"currency\":\"EUR\",\"validFrom\":\"2026-01-01\",\"rate\":1.08}]");
        }
        if (body.isEmpty()) {
            throw bad("rates", "must list at least one rate");
        }
        if (body.size() > MAX_RATES) {
            throw bad("rates", "may list at most " + MAX_RATES + " rates per request (were " + body.size() + ")");
        }
        List<ExchangeRate> rates = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            rates.add(rate(JsonInput.object(body.get(i), "rates[" + i + "]"), reportingCurrency));
        }
        return rates;
    }

    private static ExchangeRate rate(JsonInput in, String reportingCurrency) throws CommandRejectedException {
        in.allowOnly(FIELDS, "an exchange rate");
        String currency = currency(in, reportingCurrency);
        LocalDate validFrom = date(in);
        BigDecimal rate = rate(in);
        return new ExchangeRate(currency, validFrom, rate, reportingCurrency);
    }

    private static String currency(JsonInput in, String reportingCurrency) throws CommandRejectedException {
        String code = in.text("currency", true);
        if (!isCurrencyCode(code)) {
            throw bad(in.name("currency"), "must be an ISO-4217 currency code such as EUR (was " + quoted(code) + ")");
        }
        if (code.equals(reportingCurrency)) {
            throw bad(in.name("currency"), "is the reporting currency " + reportingCurrency
                    + " itself (worth 1 of itself); rates are to it from other currencies");
        }
        return code;
    }

    static boolean isCurrencyCode(String code) {
        if (code == null || code.length() != 3) {
            return false;
        }
        try {
            return Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static LocalDate date(JsonInput in) throws CommandRejectedException {
        String text = in.text("validFrom", true);
        LocalDate date;
        try {
            date = text.length() == 10 ? LocalDate.parse(text) : null;
        } catch (DateTimeParseException e) {
            date = null;
        }
        if (date == null) {
            throw bad(in.name("validFrom"), "must be an ISO-8601 date such as 2026-01-01 (was " + quoted(text) + ")");
        }
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            throw bad(in.name("validFrom"), "must be a date from " + EARLIEST + " to " + LATEST);
        }
        return date;
    }

    private static BigDecimal rate(JsonInput in) throws CommandRejectedException {
        JsonNode value = in.raw("rate");
        String field = in.name("rate");
        if (value == null) {
            throw bad(field, "is required: what one unit of the currency is worth in the reporting currency");
        }
        BigDecimal rate;
        try {
            if (value.isNumber()) {
                if (value.asText().length() > MAX_RATE_TEXT) {
                    throw bad(field, "must be a number of at most " + MAX_RATE_TEXT + " characters");
                }
                rate = value.decimalValue();
            } else if (value.isTextual()) {
                String text = value.asText().trim();
                if (text.length() > MAX_RATE_TEXT) {
                    throw bad(field, "must be a number of at most " + MAX_RATE_TEXT + " characters");
                }
                rate = new BigDecimal(text);
            } else {
                throw bad(field, "must be a number (or a string holding one) greater than 0");
            }
        } catch (NumberFormatException e) {
            throw bad(field, "must be a number (or a string holding one) greater than 0");
        }
        if (rate.signum() <= 0) {
            throw bad(field, "must be greater than 0 (was " + rate.toPlainString() + ")");
        }
        if (rate.compareTo(SMALLEST) < 0 || rate.compareTo(LARGEST) > 0) {
            throw bad(field, "must be between " + SMALLEST + " and " + LARGEST.toPlainString());
        }
        BigDecimal stripped = rate.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static String quoted(String text) {
        return "\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
    }
}
