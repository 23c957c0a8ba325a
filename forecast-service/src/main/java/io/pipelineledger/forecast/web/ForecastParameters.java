package io.pipelineledger.forecast.web;

import io.pipelineledger.events.period.BusinessPeriod;
import io.pipelineledger.events.period.BusinessTime;
import io.pipelineledger.forecast.engine.Grouping;
import io.pipelineledger.forecast.engine.KnownAt;
import io.pipelineledger.forecast.engine.Method;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

/** Reads the forecast endpoints' parameters; anything malformed is a 400 naming the parameter. */
final class ForecastParameters {

    static final int MAX_BACKTEST_PERIODS = 120;

    private ForecastParameters() {
    }

    static BusinessPeriod period(String name, String text) {
        if (text == null || text.isBlank()) {
            throw new BadForecastRequestException(400, name, name + " is required: a quarter (2026-Q4), a month "
                    + "(2026-11) or an ISO week (2026-W47)");
        }
        BusinessPeriod period = BusinessPeriod.parse(text.trim()).orElseThrow(() -> new BadForecastRequestException(
                400, name, name + " must be a quarter (2026-Q4), a month (2026-11) or an ISO week (2026-W47) (was '"
                + text + "')"));
        if (!BusinessTime.supported(period.start()) || period.end().isAfter(BusinessTime.BEYOND)) {
            throw new BadForecastRequestException(400, name, name + " must lie " + BusinessTime.RANGE + " (was '"
                    + text + "')");
        }
        return period;
    }

    static Grouping groupBy(String text) {
        if (text == null || text.isBlank()) {
            return Grouping.ALL;
        }
        try {
            return Grouping.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadForecastRequestException(400, "groupBy",
                    "groupBy must be one of rep, team, region, all (was '" + text + "')");
        }
    }

    /**
     * The group's key: required unless grouping by all (whose one group is "all"). Any other key without groupBy is
     * a 400 saying what it needs, not a search in the one group.
     */
    static String group(Grouping grouping, String text) {
        if (text != null && !text.isBlank()) {
            if (grouping == Grouping.ALL && !text.trim().equals(Grouping.ALL_KEY)) {
                throw new BadForecastRequestException(400, "group", "group '" + text.trim() + "' needs groupBy "
                        + "(rep, team or region) naming the grouping it belongs to; without groupBy the one group "
                        + "is '" + Grouping.ALL_KEY + "'");
            }
            return text.trim();
        }
        if (grouping == Grouping.ALL) {
            return Grouping.ALL_KEY;
        }
        throw new BadForecastRequestException(400, "group", "group is required: which "
                + grouping.name().toLowerCase(Locale.ROOT) + " (groupBy) is meant");
    }

    static Method method(String text) {
        if (text == null || text.isBlank()) {
            return Method.AUTO; // the candidates weighed by their self-check: the number finance should bank on
        }
        try {
            Method m = Method.valueOf(text.trim().toUpperCase(Locale.ROOT));
            return m; // every method is computed
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new BadForecastRequestException(400, "method",
                "method must be one of learned, baseline, cohort, run_rate, auto (was '" + text + "')");
    }

    /** An ISO-4217 code (EUR); null when absent (meaning the reporting currency). */
    static String currency(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            if (text.trim().length() == 3) {
                return Currency.getInstance(text.trim()).getCurrencyCode();
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new BadForecastRequestException(400, "currency", "currency must be an ISO-4217 currency code such as "
                + "EUR (was '" + text + "')");
    }

    /** Both methods unless one is named. */
    static List<Method> methods(String text) {
        return text == null || text.isBlank() ? List.of(Method.LEARNED, Method.BASELINE) : List.of(method(text));
    }

    /** An instant or a date (its start, UTC), not after now; null when absent (meaning now). */
    static Instant asOf(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant asOf = BusinessTime.parse(text.trim()).orElseThrow(() -> new BadForecastRequestException(400,
                "asOf", "asOf must be an ISO-8601 instant or date, such as 2026-03-01T00:00:00Z or 2026-03-01 (was '"
                + text + "')"));
        if (!BusinessTime.supported(asOf)) {
            throw new BadForecastRequestException(400, "asOf", "asOf must be " + BusinessTime.RANGE + " (was '"
                    + text + "')");
        }
        if (asOf.isAfter(now)) {
            throw new BadForecastRequestException(400, "asOf", "asOf (" + asOf + ") is in the future: a forecast "
                    + "reads the pipeline as it stood, and it has not stood there yet (now is " + now + ")");
        }
        return asOf;
    }

    /** The {@code knownAt} of a backtest that reads, at each origin, what the ledger had recorded by then. */
    static final String EACH_ORIGIN = "each-origin";

    /**
     * The second time axis: an instant or a date (its start, UTC) on the recording clock, not after now; {@code now}
     * and absence both mean every fact on record (null).
     */
    static Instant knownAt(String text, Instant now) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("now")) {
            return null;
        }
        Instant knownAt = BusinessTime.parse(text.trim()).orElseThrow(() -> new BadForecastRequestException(400,
                "knownAt", "knownAt must be now, an ISO-8601 instant or a date, such as 2026-10-01T00:00:00Z or "
                + "2026-10-01 (was '" + text + "')"));
        if (!BusinessTime.supported(knownAt)) {
            throw new BadForecastRequestException(400, "knownAt", "knownAt must be " + BusinessTime.RANGE
                    + " (was '" + text + "')");
        }
        if (knownAt.isAfter(now)) {
            throw new BadForecastRequestException(400, "knownAt", "knownAt (" + knownAt + ") is in the future: "
                    + "nothing is recorded there yet (now is " + now + ")");
        }
        return knownAt;
    }

    /**
     * A backtest's {@code knownAt}: {@link KnownAt#EACH_ORIGIN} when absent or {@value #EACH_ORIGIN} (what the
     * ledger would have said at each origin); null for {@code now} (today's hindsight); else that instant.
     */
    static KnownAt backtestKnownAt(String text, Instant now) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase(EACH_ORIGIN)) {
            return KnownAt.EACH_ORIGIN;
        }
        try {
            Instant knownAt = knownAt(text, now);
            return knownAt == null ? null : KnownAt.at(knownAt);
        } catch (BadForecastRequestException e) {
            throw new BadForecastRequestException(400, "knownAt", e.getMessage() + "; a backtest also takes "
                    + EACH_ORIGIN + " (the default)");
        }
    }

    /** A backtest's range: one granularity, from not after to, to already started. */
    static void backtestRange(BusinessPeriod from, BusinessPeriod to, Instant now) {
        if (from.granularity() != to.granularity()) {
            throw new BadForecastRequestException(400, "to", "from and to must be periods of the same kind (were '"
                    + from.key() + "' and '" + to.key() + "')");
        }
        if (from.start().isAfter(to.start())) {
            throw new BadForecastRequestException(400, "from", "from (" + from.key() + ") is after to (" + to.key()
                    + ")");
        }
        if (!to.start().isBefore(now)) {
            throw new BadForecastRequestException(400, "to", "to (" + to.key() + ") has not started yet: a backtest "
                    + "compares forecasts with what was won");
        }
        int periods = 1;
        for (BusinessPeriod p = from; p.start().isBefore(to.start()); p = p.next()) {
            if (++periods > MAX_BACKTEST_PERIODS) {
                // each period is a forecast learned afresh: bound the work one request can ask for
                throw new BadForecastRequestException(400, "from", "a backtest covers at most "
                        + MAX_BACKTEST_PERIODS + " periods (" + from.key() + " to " + to.key() + " is more)");
            }
        }
    }
}
