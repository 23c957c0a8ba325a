package io.pipelineledger.command.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelineledger.command.api.CommandRejectedException;
import io.pipelineledger.events.ids.Identifiers;
import io.pipelineledger.events.period.BusinessTime;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Currency;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads typed fields out of a JSON object, failing with a 400 that names the field. One place for the input
 * rules shared by CRM events and process definitions.
 */
public final class JsonInput {

    public static final int MAX_TEXT = 1000;
    public static final int MAX_AMOUNT_TEXT = 40;
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1e15");
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final LocalDate EARLIEST_DATE = LocalDate.of(1970, 1, 1);
    private static final LocalDate LATEST_DATE = LocalDate.of(2200, 12, 31);

    private final JsonNode node;
    private final String prefix;

    private JsonInput(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /** Wraps a node that must be a JSON object; {@code path} names it in errors ("" for the top level). */
    public static JsonInput object(JsonNode node, String path) throws CommandRejectedException {
        if (node == null || !node.isObject()) {
            throw bad(path.isEmpty() ? "body" : path, "must be a JSON object");
        }
        return new JsonInput(node, path.isEmpty() ? "" : path + ".");
    }

    public static CommandRejectedException bad(String field, String message) {
        return new CommandRejectedException(400, field, field + " " + message);
    }

    public JsonNode raw(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    public String name(String field) {
        return prefix + field;
    }

    /** One-line text: no control characters at all (see {@link TextRules}). */
    public String text(String field, boolean required) throws CommandRejectedException {
        return text(field, required, false);
    }

    /** Free text that may span lines: tab, line feed and carriage return allowed, other control characters not. */
    public String freeText(String field, boolean required) throws CommandRejectedException {
        return text(field, required, true);
    }

    private String text(String field, boolean required, boolean multiline) throws CommandRejectedException {
        JsonNode value = raw(field);
        if (value == null) {
            if (required) {
                throw bad(name(field), "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw bad(name(field), "must be a string");
        }
        String text = value.asText();
        if (text.length() > MAX_TEXT) {
            throw bad(name(field), "must be at most " + MAX_TEXT + " characters");
        }
        if (required && text.isBlank()) {
            throw bad(name(field), "must not be blank");
        }
        String problem = TextRules.problem(text, multiline);
        if (problem != null) {
            throw bad(name(field), problem);
        }
        return text;
    }

    /**
     * Refuses the first field that is not one of {@code known}, with the nearest known name when it looks like a
     * typo ({@code teamID}: did you mean teamId?). {@code what} names the object in the message.
     */
    public void allowOnly(Collection<String> known, String what) throws CommandRejectedException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String given = names.next();
            if (!known.contains(given)) {
                String nearest = FieldSuggestions.nearest(given, known);
                throw bad(name(given), "is not a field of " + what
                        + (nearest == null ? " (fields: " + String.join(", ", known) + ")"
                        : "; did you mean " + nearest + "?"));
            }
        }
    }

    /** An identifier by the contract's rule, converted to its typed form. */
    public <T> T id(String field, boolean required, Function<String, T> type) throws CommandRejectedException {
        JsonNode value = raw(field);
        if (value == null) {
            if (required) {
                throw bad(name(field), "is required");
            }
            return null;
        }
        if (!value.isTextual() || !Identifiers.isValid(value.asText())) {
            throw bad(name(field), "must be a string of 1-128 characters from [A-Za-z0-9._:-]");
        }
        return type.apply(value.asText());
    }

    /** An ISO-8601 instant or offset date-time, or a date (its start, UTC), between 1970 and {@code latest}. */
    public Instant instant(String field, boolean required, Instant latest) throws CommandRejectedException {
        String text = text(field, required);
        if (text == null) {
            return null;
        }
        Instant at = BusinessTime.parse(text).orElseThrow(() -> bad(name(field),
                "must be an ISO-8601 instant such as 2026-03-01T10:00:00Z"));
        if (at.isBefore(EARLIEST) || at.isAfter(latest)) {
            throw bad(name(field), "must be between " + EARLIEST + " and " + latest + " (was " + at + ")");
        }
        return at;
    }


    public LocalDate date(String field, boolean required) throws CommandRejectedException {
        String text = text(field, required);
        if (text == null) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(text);
            if (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
                throw bad(name(field), "must be between " + EARLIEST_DATE + " and " + LATEST_DATE);
            }
            return date;
        } catch (DateTimeParseException e) {
            throw bad(name(field), "must be an ISO-8601 date such as 2026-12-31");
        }
    }

    /**
     * A non-negative, finite amount below 1e15 with at most 6 decimals: a JSON number, or a string holding one
     * ("1250.50", "1E+3"); at most 40 characters either way (the body reader bounds JSON numbers).
     */
    public BigDecimal amount(String field, boolean required) throws CommandRejectedException {
        JsonNode value = raw(field);
        if (value == null) {
            if (required) {
                throw bad(name(field), "is required");
            }
            return null;
        }
        BigDecimal amount;
        try {
            if (value.isNumber()) {
                amount = value.decimalValue();
            } else if (value.isTextual()) {
                // checked before any BigDecimal is built: parsing one is quadratic in its digits
                if (value.asText().length() > MAX_AMOUNT_TEXT) {
                    throw bad(name(field), "must be a number of at most " + MAX_AMOUNT_TEXT + " characters");
                }
                amount = new BigDecimal(value.asText().trim());
            } else {
                throw bad(name(field), "must be a number");
            }
        } catch (NumberFormatException e) {
            throw bad(name(field), "must be a number");
        }
        if (amount.signum() < 0) {
            throw bad(name(field), "must not be negative");
        }
        if (amount.compareTo(MAX_AMOUNT) > 0 || amount.scale() > 6) {
            throw bad(name(field), "must be below 1e15 with at most 6 decimals");
        }
        return amount.stripTrailingZeros().scale() < 0 ? amount.setScale(0) : amount.stripTrailingZeros();
    }

    public double probability(String field) throws CommandRejectedException {
        JsonNode value = raw(field);
        if (value == null) {
            throw bad(name(field), "is required");
        }
        if (!value.isNumber()) {
            throw bad(name(field), "must be a number between 0 and 1");
        }
        double probability = value.doubleValue();
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw bad(name(field), "must be between 0 and 1");
        }
        return probability;
    }

    public boolean bool(String field, boolean defaultValue) throws CommandRejectedException {
        JsonNode value = raw(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw bad(name(field), "must be true or false");
        }
        return value.booleanValue();
    }

    public <E extends Enum<E>> E enumValue(String field, Class<E> type, E defaultValue) throws CommandRejectedException {
        String text = text(field, defaultValue == null);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(name(field), "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    public String currency(String field, String defaultCurrency) throws CommandRejectedException {
        String text = text(field, false);
        if (text == null) {
            return defaultCurrency;
        }
        try {
            if (text.length() == 3) {
                return Currency.getInstance(text).getCurrencyCode();
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw bad(name(field), "must be an ISO-4217 currency code such as EUR");
    }
}
