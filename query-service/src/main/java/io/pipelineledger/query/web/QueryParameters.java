package io.pipelineledger.query.web;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.period.BusinessTime;
import io.pipelineledger.query.api.GroupBy;

import java.time.Instant;
import java.util.Locale;

/** Reads the query parameters every read endpoint shares; anything malformed is a 400 naming the parameter. */
final class QueryParameters {

    private QueryParameters() {
    }

    static GroupBy groupBy(String text) {
        if (text == null || text.isBlank()) {
            return GroupBy.ALL;
        }
        return GroupBy.parse(text).orElseThrow(() -> new BadQueryException(400, "groupBy",
                "groupBy must be one of rep, team, region, all (was '" + text + "')"));
    }

    /** An instant, or a date meaning its start in UTC; {@code fallback} when absent. */
    static Instant instant(String name, String text, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Instant at = BusinessTime.parse(text).orElseThrow(() -> new BadQueryException(400, name, name
                + " must be an ISO-8601 instant or date, such as 2026-03-01T00:00:00Z or 2026-03-01 (was '" + text
                + "')"));
        if (!BusinessTime.supported(at)) {
            // outside it, epoch arithmetic in the metrics would overflow: refuse rather than answer 5xx
            throw new BadQueryException(400, name, name + " must be " + BusinessTime.RANGE + " (was '" + text + "')");
        }
        return at;
    }

    /** The end of a window: a date includes that whole day. */
    static Instant end(String name, String text) {
        Instant at = instant(name, text, null);
        return at != null && text.length() == 10 ? at.plusSeconds(86_400) : at;
    }

    /** Checks from is not after to. */
    static void window(Instant from, Instant to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadQueryException(400, "from", "from (" + from + ") is after to (" + to + ")");
        }
    }

    static BusinessPeriod.Granularity interval(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "week" -> BusinessPeriod.Granularity.WEEK;
            case "month" -> BusinessPeriod.Granularity.MONTH;
            case "quarter" -> BusinessPeriod.Granularity.QUARTER;
            default -> throw new BadQueryException(400, "interval",
                    "interval must be one of week, month, quarter (was '" + text + "')");
        };
    }

    /** An ISO-4217 currency code (as java.util.Currency knows them, upper case); null when absent. */
    static String currency(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            if (text.length() == 3 && text.equals(text.toUpperCase(Locale.ROOT))) {
                return java.util.Currency.getInstance(text).getCurrencyCode();
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new BadQueryException(400, "currency",
                "currency must be an ISO-4217 currency code such as EUR (was '" + text + "')");
    }

    /** A count of rows to answer, 1 to 1000. */
    static int limit(String text) {
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadQueryException(400, "limit", "limit must be a whole number from 1 to 1000 (was '" + text + "')");
    }
}
